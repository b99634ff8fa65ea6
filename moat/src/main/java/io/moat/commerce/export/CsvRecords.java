package io.moat.commerce.export;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits delimited text into records by RFC 4180: cells may be quoted, a quoted cell may hold delimiters, doubled
 * quotes and line breaks, and records end at CRLF or LF. Real exports bend the rules, so a quote inside an
 * unquoted cell (as in {@code ="1234"}) is kept as a character rather than refused. Records are numbered as a
 * spreadsheet numbers rows; blank lines keep their number but yield no record. Tab-separated text (what Excel
 * writes as "Unicode text") is recognised by its header line.
 */
public final class CsvRecords {

    private final String text;
    private final char delimiter;
    private final List<SpreadsheetRecord> records = new ArrayList<>();
    private List<String> cells = new ArrayList<>();
    private final StringBuilder cell = new StringBuilder();
    private boolean cellWasQuoted;

    private CsvRecords(String text) {
        this.text = text;
        this.delimiter = delimiterOf(text);
    }

    public static List<SpreadsheetRecord> parse(String text) {
        return new CsvRecords(text).read();
    }

    private List<SpreadsheetRecord> read() {
        int row = 1;
        int i = 0;
        int length = text.length();
        while (i < length) {
            char c = text.charAt(i);
            if (c == '"' && cell.isEmpty() && !cellWasQuoted) {
                i = quotedCell(i + 1);
            } else if (c == delimiter) {
                endCell();
                i++;
            } else if (c == '\r' || c == '\n') {
                endRecord(row++);
                i += c == '\r' && i + 1 < length && text.charAt(i + 1) == '\n' ? 2 : 1;
            } else {
                cell.append(c);
                i++;
            }
        }
        if (!cell.isEmpty() || cellWasQuoted || !cells.isEmpty()) {
            endRecord(row);
        }
        return records;
    }

    /** Reads a quoted cell from just after its opening quote; returns the index after its closing quote. */
    private int quotedCell(int from) {
        cellWasQuoted = true;
        int i = from;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '"') {
                if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    cell.append('"');
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            cell.append(c);
            i++;
        }
        return i; // an unclosed quote runs to the end of the file
    }

    private void endCell() {
        cells.add(cell.toString());
        cell.setLength(0);
        cellWasQuoted = false;
    }

    private void endRecord(int row) {
        endCell();
        SpreadsheetRecord record = new SpreadsheetRecord(row, cells);
        if (!record.isBlank()) {
            records.add(record);
        }
        cells = new ArrayList<>();
    }

    private static char delimiterOf(String text) {
        int end = text.indexOf('\n');
        String firstLine = end < 0 ? text : text.substring(0, end);
        long tabs = firstLine.chars().filter(c -> c == '\t').count();
        long commas = firstLine.chars().filter(c -> c == ',').count();
        return tabs > commas ? '\t' : ',';
    }
}
