package io.moat.commerce.export;

import io.moat.commerce.order.OrderRecord;
import java.util.List;

/**
 * An export read into whole orders, in file order, with the rows that could not be used and the number of rows
 * that repeated an earlier row of the same file.
 */
public record ParsedExport(int rowsRead, List<OrderRecord> orders, List<Rejection> rejections, int repeatedRows) {

    public ParsedExport {
        orders = List.copyOf(orders);
        rejections = List.copyOf(rejections);
    }
}
