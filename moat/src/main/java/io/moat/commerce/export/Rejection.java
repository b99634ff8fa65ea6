package io.moat.commerce.export;

import java.util.List;

/** A row left out of an import: its spreadsheet row number, why (naming the column), and its cells as read. */
public record Rejection(int row, String reason, List<String> cells) {

    public Rejection {
        cells = List.copyOf(cells);
    }
}
