package io.moat.commerce.order;

import org.jspecify.annotations.Nullable;

/**
 * One item of an order: what, how many, and for how much in fen; {@code refundedFen} is what was refunded of this
 * line (its whole amount when the line was returned), when the source says so per line.
 */
public record OrderLine(
        @Nullable String sku,
        String title,
        int quantity,
        @Nullable Long unitPriceFen,
        long amountFen,
        long refundedFen) {

    /** A line nothing of which is known to be refunded. */
    public OrderLine(@Nullable String sku, String title, int quantity, @Nullable Long unitPriceFen, long amountFen) {
        this(sku, title, quantity, unitPriceFen, amountFen, 0);
    }
}
