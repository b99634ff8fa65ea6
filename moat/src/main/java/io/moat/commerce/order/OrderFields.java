package io.moat.commerce.order;

import java.io.IOException;

/**
 * The columns of an order and of an order line that every copying writer fills from the caller's records, in one
 * place: {@link OrderCopy} writes them after the ids straight into the tables, {@link OrderStaging} after the
 * staging sequence number into the temp tables. Keeping the names and the values side by side here is what keeps the
 * two writers' columns from drifting apart.
 */
final class OrderFields {

    /** The order columns {@link #order} writes, in its order. */
    static final String ORDER_COLUMNS = """
            platform, order_no, status, total_fen, paid_fen, post_fee_fen, refunded_fen, created_at, paid_at,
            shipped_at, finished_at, buyer_nick, buyer_open_id, unionid, openid, phone_hash, phone_sealed,
            phone_masked, receiver_province, receiver_city""";

    static final int ORDER_FIELDS = 20;

    /** The line columns {@link #line} writes, in its order. */
    static final String LINE_COLUMNS = "line_no, sku, title, quantity, unit_price_fen, amount_fen, refunded_fen";

    static final int LINE_FIELDS = 7;

    private OrderFields() {}

    /** Writes the order's columns with its phone as stored. */
    static void order(CopyRow row, OrderRecord order, StoredPhone phone) throws IOException {
        row.text(order.platform().code())
                .text(order.orderNo())
                .text(order.status().code())
                .bigint(order.totalFen())
                .bigint(order.paidFen())
                .bigint(order.postFeeFen())
                .bigint(order.refundedFen())
                .time(order.createdAt())
                .time(order.paidAt())
                .time(order.shippedAt())
                .time(order.finishedAt())
                .text(order.buyer().nick())
                .text(order.buyer().openId())
                .text(order.buyer().unionid())
                .text(order.buyer().openid())
                .text(phone.hash())
                .text(phone.sealed())
                .text(phone.masked())
                .text(order.province())
                .text(order.city());
    }

    /** Writes line number {@code lineNo} (from 1); a refund above the line's amount is cut to it. */
    static void line(CopyRow row, int lineNo, OrderLine line) throws IOException {
        row.integer(lineNo)
                .text(line.sku())
                .text(line.title())
                .integer(line.quantity())
                .bigint(line.unitPriceFen())
                .bigint(line.amountFen())
                .bigint(Math.min(line.refundedFen(), line.amountFen()));
    }
}
