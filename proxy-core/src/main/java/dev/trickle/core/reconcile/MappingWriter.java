package dev.trickle.core.reconcile;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.Writer;

/** Writes mapping rows as they come, so memory does not grow with the number of users. */
public interface MappingWriter extends AutoCloseable {

    void write(MappingRow row) throws IOException;

    /** Finishes the document and flushes; does not close the underlying writer. */
    @Override
    void close() throws IOException;

    /**
     * RFC 4180 CSV with a header line; absent values are empty fields. A value a spreadsheet would
     * run as a formula (it starts with {@code = + - @}, a tab or a carriage return: a username
     * chosen by whoever signed up) is written with a leading {@code '}, so opening the file never
     * runs it.
     */
    static MappingWriter csv(Writer writer) throws IOException {
        writer.write(String.join(",", MappingRow.COLUMNS) + "\r\n");
        return new MappingWriter() {
            @Override
            public void write(MappingRow row) throws IOException {
                String[] values = row.values();
                for (int i = 0; i < values.length; i++) {
                    if (i > 0) {
                        writer.write(',');
                    }
                    writer.write(quoted(inert(values[i])));
                }
                writer.write("\r\n");
            }

            @Override
            public void close() throws IOException {
                writer.flush();
            }
        };
    }

    /** One JSON array of objects, streamed; absent values are {@code null}. */
    static MappingWriter json(Writer out) throws IOException {
        JsonGenerator json =
                new JsonFactory()
                        .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
                        .createGenerator(out);
        json.writeStartArray();
        return new MappingWriter() {
            @Override
            public void write(MappingRow row) throws IOException {
                String[] values = row.values();
                json.writeStartObject();
                for (int i = 0; i < values.length; i++) {
                    json.writeStringField(MappingRow.COLUMNS[i], values[i]);
                }
                json.writeEndObject();
                json.writeRaw('\n');
            }

            @Override
            public void close() throws IOException {
                json.writeEndArray();
                json.writeRaw('\n');
                json.close();
            }
        };
    }

    /** OWASP's advice for CSV injection: a leading apostrophe makes the cell plain text. */
    static String inert(String value) {
        if (value == null || value.isEmpty()) {
            return value;
        }
        char first = value.charAt(0);
        boolean formula =
                first == '='
                        || first == '+'
                        || first == '-'
                        || first == '@'
                        || first == '\t'
                        || first == '\r';
        return formula ? "'" + value : value;
    }

    private static String quoted(String value) {
        if (value == null) {
            return "";
        }
        if (value.chars().noneMatch(c -> c == ',' || c == '"' || c == '\r' || c == '\n')) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }
}
