package dev.trickle.core.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import org.junit.jupiter.api.Test;

final class CsvRecordsTest {

    @Test
    void quotedCellsKeepCommasQuotesAndLineBreaks() throws Exception {
        CsvRecords csv =
                new CsvRecords(
                        new StringReader("a,\"b,c\",\"say \"\"hi\"\"\"\r\n\"two\nlines\",,x\n"));
        assertThat(csv.next()).containsExactly("a", "b,c", "say \"hi\"");
        assertThat(csv.next()).containsExactly("two\nlines", "", "x");
        assertThat(csv.next()).isNull();
    }

    @Test
    void textAfterAClosingQuoteBreaksOnlyThatRecord() throws Exception {
        CsvRecords csv = new CsvRecords(new StringReader("\"a\"b,c\nd,e\n"));
        assertThatThrownBy(csv::next).hasMessageContaining("after a closing quote");
        assertThat(csv.next()).containsExactly("d", "e");
    }

    @Test
    void anUnclosedQuoteIsReported() {
        CsvRecords csv = new CsvRecords(new StringReader("a,\"never closed\n"));
        assertThatThrownBy(csv::next).hasMessageContaining("not closed");
    }
}
