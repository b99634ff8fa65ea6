package io.moat.commerce.export;

import io.moat.commerce.OrderStatus;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One data row read by column name. Every reader throws {@link RowRejected} naming the column, so a rejected row
 * tells the seller exactly which cell to fix.
 */
public final class ExportRow {

    private final SpreadsheetRecord record;
    private final Map<String, Integer> columns;
    private final ZoneId zone;

    ExportRow(SpreadsheetRecord record, Map<String, Integer> columns, ZoneId zone) {
        this.record = record;
        this.columns = columns;
        this.zone = zone;
    }

    public int row() {
        return record.row();
    }

    /** The cleaned text, or null when the cell is blank or the column is absent. */
    public @Nullable String text(@Nullable String column) {
        Integer index = column == null ? null : columns.get(column);
        if (index == null) {
            return null;
        }
        String text = Cells.clean(record.cell(index));
        return text.isEmpty() ? null : text;
    }

    public String required(String column) {
        String text = text(column);
        if (text == null) {
            throw new RowRejected(column, "is empty");
        }
        return text;
    }

    public @Nullable Long fen(@Nullable String column) {
        String text = text(column);
        try {
            return text == null ? null : MoneyText.fen(text).orElse(null);
        } catch (IllegalArgumentException e) {
            throw new RowRejected(column == null ? "" : column, e.getMessage());
        }
    }

    public long fenOrZero(@Nullable String column) {
        Long fen = fen(column);
        return fen == null ? 0 : fen;
    }

    public long requiredFen(String column) {
        Long fen = fen(column);
        if (fen == null) {
            throw new RowRejected(column, "is empty");
        }
        return fen;
    }

    public @Nullable Instant time(@Nullable String column) {
        String text = text(column);
        try {
            return text == null ? null : TimeText.parse(text, zone).orElse(null);
        } catch (IllegalArgumentException e) {
            throw new RowRejected(column == null ? "" : column, e.getMessage());
        }
    }

    public Instant requiredTime(String column) {
        Instant time = time(column);
        if (time == null) {
            throw new RowRejected(column, "is empty");
        }
        return time;
    }

    /** A positive whole quantity; 1 when the column is absent or blank. */
    public int quantity(@Nullable String column) {
        String text = text(column);
        if (text == null) {
            return 1;
        }
        try {
            int quantity = new java.math.BigDecimal(MoneyText.halfWidth(text)).intValueExact();
            if (quantity <= 0) {
                throw new RowRejected(column == null ? "" : column, "'" + text + "' is not a positive quantity");
            }
            return quantity;
        } catch (ArithmeticException | NumberFormatException e) {
            throw new RowRejected(column == null ? "" : column, "'" + text + "' is not a whole quantity");
        }
    }

    public OrderStatus status(String column) {
        String text = required(column);
        return StatusTexts.of(text).orElseThrow(() -> new RowRejected(column, "unknown order status '" + text + "'"));
    }
}
