package io.moat.commerce.export;

import io.moat.commerce.export.OrderExport.Rows;
import io.moat.commerce.order.OrderRecord;
import io.moat.commerce.order.OrderRowCheck;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns an export's rows into whole orders. Rows of one order number come together (wherever they are in the
 * file); a row that repeats an earlier one is counted, not used twice. An order is all-or-nothing: when one of
 * its rows is rejected, its other rows are rejected with it, so an import never records half an order.
 */
public final class OrderAssembly {

    private final OrderExport format;
    private final Map<String, Draft> drafts = new LinkedHashMap<>();
    private final Map<String, Rejection> rejectedOrders = new LinkedHashMap<>();
    private final List<Rejection> rejections = new ArrayList<>();
    private int repeatedRows;

    private OrderAssembly(OrderExport format) {
        this.format = format;
    }

    public static ParsedExport assemble(ExportTable table, OrderExport format, ZoneId zone) {
        var assembly = new OrderAssembly(format);
        var columns = table.columns();
        for (SpreadsheetRecord record : table.records()) {
            assembly.add(new ExportRow(record, columns, zone), record);
        }
        return assembly.result(table.records().size());
    }

    private void add(ExportRow row, SpreadsheetRecord record) {
        String orderNo = row.text(format.orderNoColumn());
        OrderRecord order;
        String key;
        try {
            order = format.read(row);
            key = format.lineKey(row);
        } catch (RowRejected e) {
            var rejection = new Rejection(row.row(), e.getMessage(), record.cells());
            rejections.add(rejection);
            if (orderNo != null && format.rows() != Rows.ONE_PER_ORDER) {
                rejectWholeOrder(orderNo, rejection);
            }
            return;
        }
        Rejection sibling = rejectedOrders.get(orderNo);
        if (sibling != null) {
            rejections.add(siblingRejection(record, orderNo, sibling));
            return;
        }
        Draft draft = drafts.get(order.orderNo());
        if (draft == null) {
            // One row per order: no line key is ever compared, so none is built (it joins every cell).
            drafts.put(
                    order.orderNo(),
                    new Draft(
                            order,
                            record,
                            format.rows() == Rows.ONE_PER_ORDER ? "" : key == null ? whole(record) : key));
        } else if (format.rows() == Rows.ONE_PER_ORDER || !draft.keys.add(key == null ? whole(record) : key)) {
            repeatedRows++;
        } else {
            draft.rows.add(record);
            draft.order = draft.order.withRowsOf(order, format.rows() == Rows.LINES_CARRY_AMOUNTS);
        }
    }

    private void rejectWholeOrder(String orderNo, Rejection cause) {
        rejectedOrders.putIfAbsent(orderNo, cause);
        Draft draft = drafts.remove(orderNo);
        if (draft != null) {
            draft.rows.forEach(record -> rejections.add(siblingRejection(record, orderNo, cause)));
        }
    }

    private static Rejection siblingRejection(SpreadsheetRecord record, String orderNo, Rejection cause) {
        return new Rejection(
                record.row(),
                "order " + orderNo + " is left out whole because its row " + cause.row() + " was rejected ("
                        + cause.reason() + ")",
                record.cells());
    }

    private ParsedExport result(int rowsRead) {
        List<OrderRecord> orders = new ArrayList<>(drafts.size());
        for (Draft draft : drafts.values()) {
            OrderRecord order = draft.order.withRefundsApplied();
            // What the database would refuse is found here, where the rows are known, and leaves the order out whole.
            var problem = OrderRowCheck.problem(order);
            if (problem.isPresent()) {
                draft.rows.forEach(
                        record -> rejections.add(new Rejection(record.row(), problem.get(), record.cells())));
            } else {
                orders.add(order);
            }
        }
        rejections.sort(Comparator.comparingInt(Rejection::row));
        return new ParsedExport(rowsRead, orders, rejections, repeatedRows);
    }

    private static String whole(SpreadsheetRecord record) {
        return String.join("\u0000", record.cells().stream().map(Cells::clean).toList());
    }

    private static final class Draft {
        OrderRecord order;
        final List<SpreadsheetRecord> rows = new ArrayList<>();
        final Set<String> keys = new HashSet<>();

        Draft(OrderRecord order, SpreadsheetRecord first, String key) {
            this.order = order;
            this.rows.add(first);
            this.keys.add(key);
        }
    }
}
