package io.moat.customers.value;

import java.time.Instant;

/**
 * One paid order as the derived values see it. {@code netFen} is what was paid minus what was refunded; an order
 * refunded in full counts for nothing. {@code onDeal} marks an order bought with a discount or coupon; {@code
 * refunded} any refund at all, full or partial.
 */
public record Purchase(long orderId, Instant paidAt, long netFen, boolean onDeal, boolean refunded) {

    public boolean counts() {
        return netFen > 0;
    }
}
