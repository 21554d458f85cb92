package dev.trickle.core.importer;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 4180 records from a character stream: quoted cells may hold commas, doubled quotes and line
 * breaks; records end at CRLF or LF. Reads one record at a time.
 */
final class CsvRecords {
    private final Reader in;
    private int peeked = -2;

    CsvRecords(Reader in) {
        this.in = in;
    }

    /**
     * The next record's cells, or null at the end of the input.
     *
     * @throws MalformedCsv when a quoted cell is never closed or text follows a closing quote
     */
    List<String> next() throws IOException {
        int c = read();
        if (c == -1) {
            return null;
        }
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        boolean afterQuote = false;
        while (true) {
            if (quoted) {
                if (c == -1) {
                    throw new MalformedCsv("a quoted cell is not closed before the end of input");
                }
                if (c == '"') {
                    if (peek() == '"') {
                        read();
                        cell.append('"');
                    } else {
                        quoted = false;
                        afterQuote = true;
                    }
                } else {
                    cell.append((char) c);
                }
            } else if (c == ',' || c == '\n' || c == '\r' || c == -1) {
                cells.add(cell.toString());
                cell.setLength(0);
                afterQuote = false;
                if (c == '\r' && peek() == '\n') {
                    read();
                }
                if (c != ',') {
                    return cells;
                }
            } else if (afterQuote) {
                skipRecord();
                throw new MalformedCsv("text after a closing quote");
            } else if (c == '"' && cell.length() == 0) {
                quoted = true;
            } else {
                cell.append((char) c);
            }
            c = read();
        }
    }

    /** Moves past the rest of a broken record so the next one can still be read. */
    private void skipRecord() throws IOException {
        int c;
        do {
            c = read();
        } while (c != -1 && c != '\n');
    }

    private int read() throws IOException {
        if (peeked != -2) {
            int c = peeked;
            peeked = -2;
            return c;
        }
        return in.read();
    }

    private int peek() throws IOException {
        if (peeked == -2) {
            peeked = in.read();
        }
        return peeked;
    }

    /** A record that cannot be split into cells. */
    static final class MalformedCsv extends IOException {
        private static final long serialVersionUID = 1L;

        MalformedCsv(String message) {
            super(message);
        }
    }
}
