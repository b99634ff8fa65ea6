package io.moat.commerce.export;

import io.moat.commerce.OrderStatus;
import io.moat.commerce.Platform;
import io.moat.commerce.order.OrderRecord;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A seller back-end's export format: the columns it must have, how its rows make orders, how one row reads. */
public sealed interface OrderExport
        permits TaobaoOrderReport, JdOrderExport, DouyinOrderExport, YouzanOrderExport, MappedOrderExport {

    /** How rows relate to orders. */
    enum Rows {
        /** One row is one whole order; a repeated order number is a duplicate. */
        ONE_PER_ORDER,
        /** One row per item; every row repeats the order's totals. */
        LINES_REPEAT_ORDER_TOTALS,
        /** One row per sub-order; each row carries its own amounts, which add up to the order's. */
        LINES_CARRY_AMOUNTS
    }

    Platform platform();

    List<String> requiredColumns();

    /** The column holding the order number, read before the rest so a bad row can reject its whole order. */
    String orderNoColumn();

    Rows rows();

    /** What identifies a row within its order (a sub-order number); null compares whole rows instead. */
    default @Nullable String lineKey(ExportRow row) {
        return null;
    }

    OrderRecord read(ExportRow row);

    /**
     * What the buyer paid, for exports that state only the payable amount: nothing while unpaid or when the order
     * was closed without a payment.
     */
    static long paidOf(OrderStatus status, @Nullable Instant paidAt, long payable) {
        boolean neverPaid = status == OrderStatus.UNPAID || (status == OrderStatus.CLOSED && paidAt == null);
        return neverPaid ? 0 : payable;
    }
}
