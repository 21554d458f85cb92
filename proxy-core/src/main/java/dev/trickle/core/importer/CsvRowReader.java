package dev.trickle.core.importer;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A CSV file with a header line: each later record becomes fields named by the header. Empty cells
 * are left out, as if the column were absent. Row 1 is the first record after the header.
 */
final class CsvRowReader implements RowReader {
    private final BufferedReader file;
    private final CsvRecords records;
    private final List<String> header;
    private long row;
    private boolean broken;

    private CsvRowReader(BufferedReader file, CsvRecords records, List<String> header) {
        this.file = file;
        this.records = records;
        this.header = header;
    }

    static CsvRowReader open(Path path) throws IOException {
        BufferedReader file = Files.newBufferedReader(path, StandardCharsets.UTF_8);
        try {
            CsvRecords records = new CsvRecords(file);
            List<String> header = records.next();
            if (header == null) {
                header = List.of();
            }
            if (!header.isEmpty() && header.get(0).startsWith("\uFEFF")) {
                header.set(0, header.get(0).substring(1));
            }
            return new CsvRowReader(file, records, header.stream().map(String::trim).toList());
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
    }

    @Override
    public Optional<RawRow> next() throws IOException {
        if (broken) {
            return Optional.empty();
        }
        List<String> cells;
        try {
            cells = records.next();
        } catch (CsvRecords.MalformedCsv e) {
            row++;
            if (e.getMessage().contains("end of input")) {
                broken = true;
            }
            return Optional.of(new RawRow.Unreadable(row, "malformed CSV: " + e.getMessage()));
        }
        if (cells == null) {
            return Optional.empty();
        }
        row++;
        if (cells.size() == 1 && cells.get(0).isEmpty()) {
            return next();
        }
        if (cells.size() != header.size()) {
            return Optional.of(
                    new RawRow.Unreadable(
                            row,
                            "has "
                                    + cells.size()
                                    + " cells (expected: "
                                    + header.size()
                                    + ", as the header)"));
        }
        ObjectNode fields = JsonNodeFactory.instance.objectNode();
        for (int i = 0; i < cells.size(); i++) {
            if (!cells.get(i).isEmpty()) {
                fields.put(header.get(i), cells.get(i));
            }
        }
        return Optional.of(new RawRow.Fields(row, fields));
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
