package io.moat.commerce.order;

import io.moat.commerce.OrderStatus;
import io.moat.commerce.Platform;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** One order with all its lines, read from an export row group or an API call, ready to be recorded. */
public record OrderRecord(
        Platform platform,
        String orderNo,
        OrderStatus status,
        Instant createdAt,
        @Nullable Instant paidAt,
        @Nullable Instant shippedAt,
        @Nullable Instant finishedAt,
        long totalFen,
        long paidFen,
        long postFeeFen,
        long refundedFen,
        Buyer buyer,
        @Nullable String province,
        @Nullable String city,
        List<OrderLine> lines) {

    public OrderRecord {
        Objects.requireNonNull(orderNo);
        lines = List.copyOf(lines);
    }

    /** This order with the lines (and, when they carry their own amounts, the money) of another row of it. */
    public OrderRecord withRowsOf(OrderRecord other, boolean addAmounts) {
        List<OrderLine> all = new ArrayList<>(lines);
        all.addAll(other.lines);
        return new OrderRecord(
                platform,
                orderNo,
                status,
                createdAt,
                paidAt,
                shippedAt,
                finishedAt,
                addAmounts ? totalFen + other.totalFen : totalFen,
                addAmounts ? paidFen + other.paidFen : paidFen,
                postFeeFen,
                addAmounts ? refundedFen + other.refundedFen : refundedFen,
                buyer,
                province,
                city,
                all);
    }

    /**
     * Lets refunds decide the stage, as marketplaces do: a paid order that was closed was refunded in full (they
     * close a paid order only by refunding it), and a refund on an open order makes it partially or wholly refunded.
     */
    public OrderRecord withRefundsApplied() {
        if (status == OrderStatus.CLOSED && paidAt != null && paidFen > 0 && refundedFen == 0) {
            return withRefund(OrderStatus.REFUNDED, paidFen);
        }
        if (refundedFen > 0 && status != OrderStatus.CLOSED) {
            return withRefund(
                    refundedFen >= paidFen ? OrderStatus.REFUNDED : OrderStatus.PARTIALLY_REFUNDED, refundedFen);
        }
        return this;
    }

    private OrderRecord withRefund(OrderStatus newStatus, long refunded) {
        return new OrderRecord(
                platform,
                orderNo,
                newStatus,
                createdAt,
                paidAt,
                shippedAt,
                finishedAt,
                totalFen,
                paidFen,
                postFeeFen,
                refunded,
                buyer,
                province,
                city,
                lines);
    }
}
