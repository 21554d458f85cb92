package dev.trickle.core.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

final class MappingWriterTest {
    private static MappingRow row(String legacyId, String identifier, String email) {
        return new MappingRow(
                legacyId,
                "user_2abc",
                identifier,
                Optional.of(email),
                "migrated",
                "login",
                Optional.of(Instant.parse("2026-11-30T10:00:00Z")),
                "true",
                Optional.empty());
    }

    private static String csv(MappingRow row) throws IOException {
        StringWriter out = new StringWriter();
        try (MappingWriter writer = MappingWriter.csv(out)) {
            writer.write(row);
        }
        return out.toString().split("\r\n")[1];
    }

    @Test
    void aValueASpreadsheetWouldRunAsAFormulaIsWrittenAsText() throws IOException {
        assertThat(csv(row("42", "=HYPERLINK(\"https://evil.example\",\"x\")", "@sum@x.example")))
                .isEqualTo(
                        "42,user_2abc,\"'=HYPERLINK(\"\"https://evil.example\"\",\"\"x\"\")\","
                                + "'@sum@x.example,migrated,login,2026-11-30T10:00:00Z,true,");
        assertThat(csv(row("-7", "+31 6 1234", "\tcmd@x.example")))
                .startsWith("'-7,user_2abc,'+31 6 1234,'\tcmd@x.example,");
    }

    @Test
    void ordinaryValuesAreWrittenAsTheyAre() throws IOException {
        assertThat(csv(row("42", "ada@example.com", "ada@example.com")))
                .isEqualTo(
                        "42,user_2abc,ada@example.com,ada@example.com,migrated,login,"
                                + "2026-11-30T10:00:00Z,true,");
    }

    @Test
    void jsonKeepsValuesExactlyForMachines() throws IOException {
        StringWriter out = new StringWriter();
        try (MappingWriter writer = MappingWriter.json(out)) {
            writer.write(row("42", "=1+1", "ada@example.com"));
        }
        assertThat(out.toString()).contains("\"identifier\":\"=1+1\"");
    }
}
