package io.moat.commerce.export;

import java.util.List;

/**
 * One record of an export with the row number a spreadsheet shows for it: the header is row 1, and a record whose
 * quoted cell spans several lines is still one row.
 */
public record SpreadsheetRecord(int row, List<String> cells) {

    public SpreadsheetRecord {
        cells = List.copyOf(cells);
    }

    public String cell(int index) {
        return index < cells.size() ? cells.get(index) : "";
    }

    boolean isBlank() {
        return cells.stream().allMatch(cell -> Cells.clean(cell).isEmpty());
    }
}
