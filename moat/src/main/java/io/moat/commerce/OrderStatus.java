package io.moat.commerce;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Where an order stands. The stages are ordered: a re-imported order moves forward (paid → shipped → finished →
 * refunded) but never back, because exports taken at different times show the same order at different stages.
 */
public enum OrderStatus {
    UNPAID(0),
    PAID(1),
    SHIPPED(2),
    FINISHED(3),
    PARTIALLY_REFUNDED(4),
    REFUNDED(5),
    /** Closed without money kept: cancelled before payment, or closed by the marketplace. */
    CLOSED(5);

    private final int stage;

    OrderStatus(int stage) {
        this.stage = stage;
    }

    /** The same ranking as {@code commerce.status_rank(text)} in the database. */
    public int stage() {
        return stage;
    }

    public boolean isPaid() {
        return this != UNPAID && this != CLOSED;
    }

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<OrderStatus> ofCode(String code) {
        return Arrays.stream(values()).filter(s -> s.code().equals(code)).findFirst();
    }
}
