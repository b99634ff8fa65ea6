package io.moat.commerce.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CsvRecordsTests {

    @Test
    void quotedCellsHoldDelimitersDoubledQuotesAndLineBreaks() {
        var records = CsvRecords.parse("a,b,c\r\n\"1,5\",\"say \"\"hi\"\"\",\"two\r\nlines\"\r\nx,y,z\r\n");

        assertThat(records).extracting(SpreadsheetRecord::row).containsExactly(1, 2, 3);
        assertThat(records.get(1).cells()).containsExactly("1,5", "say \"hi\"", "two\r\nlines");
        assertThat(records.get(2).cells()).containsExactly("x", "y", "z");
    }

    @Test
    void aMultiLineCellIsOneRowAndTheNextRecordIsTheNextRow() {
        var records = CsvRecords.parse("h1,h2\n\"line 1\nline 2\nline 3\",v\nnext,w\n");

        assertThat(records).extracting(SpreadsheetRecord::row).containsExactly(1, 2, 3);
        assertThat(records.get(2).cells()).containsExactly("next", "w");
    }

    @Test
    void lfAndCrlfAndAMissingFinalLineBreakAllWork() {
        assertThat(CsvRecords.parse("a,b\nc,d"))
                .extracting(SpreadsheetRecord::cells)
                .containsExactly(List.of("a", "b"), List.of("c", "d"));
        assertThat(CsvRecords.parse("a,b\r\nc,d\r\n"))
                .extracting(SpreadsheetRecord::cells)
                .containsExactly(List.of("a", "b"), List.of("c", "d"));
    }

    @Test
    void blankLinesKeepTheirRowNumberButYieldNoRecord() {
        var records = CsvRecords.parse("h\n1\n\n,,\n2\n");

        assertThat(records).extracting(SpreadsheetRecord::row).containsExactly(1, 2, 5);
    }

    @Test
    void anExcelTextFormulaSurvivesQuotedOrNot() {
        var records = CsvRecords.parse("no,x\n=\"0012\",1\n\"=\"\"0034\"\"\",2\n");

        assertThat(Cells.clean(records.get(1).cell(0))).isEqualTo("0012");
        assertThat(Cells.clean(records.get(2).cell(0))).isEqualTo("0034");
    }

    @Test
    void tabSeparatedTextIsRecognisedByItsHeader() {
        var records = CsvRecords.parse("订单号\t金额\n1,001\t5\n");

        assertThat(records.get(1).cells()).containsExactly("1,001", "5");
    }

    @Test
    void anUnclosedQuoteRunsToTheEndOfTheFile() {
        var records = CsvRecords.parse("a,b\n\"open,x\ny\n");

        assertThat(records).hasSize(2);
        assertThat(records.get(1).cells()).containsExactly("open,x\ny\n");
    }
}
