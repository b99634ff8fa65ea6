package io.moat.commerce.export;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An uploaded export as a header and its data records, whatever the file was: a workbook, or delimited text in
 * any of the encodings sellers meet.
 */
public record ExportTable(List<String> header, List<SpreadsheetRecord> records) {

    public ExportTable {
        header = List.copyOf(header);
        records = List.copyOf(records);
    }

    public static ExportTable read(byte[] bytes) {
        List<SpreadsheetRecord> all = XlsxRecords.isWorkbook(bytes)
                ? XlsxRecords.parse(bytes)
                : CsvRecords.parse(ExportEncoding.decode(bytes));
        if (all.isEmpty()) {
            return new ExportTable(List.of(), List.of());
        }
        List<String> header = all.getFirst().cells().stream().map(Cells::clean).toList();
        return new ExportTable(header, all.subList(1, all.size()));
    }

    /** Column positions by name; where a name repeats, its first column counts. */
    public Map<String, Integer> columns() {
        Map<String, Integer> columns = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            columns.putIfAbsent(header.get(i), i);
        }
        return columns;
    }

    public List<String> missing(List<String> required) {
        return required.stream().filter(column -> !header.contains(column)).toList();
    }
}
