package io.moat.customers.value;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Assigns the lifecycle stage. Rules apply in order, first match wins:
 * lost (last activity more than {@code lostAfter} ago), dormant (more than {@code dormantAfter} ago), active (at
 * least {@code activeMinOrders} counting orders), repeat buyer (two or more), first order (one), new fan (a current
 * WeCom relation), prospect. Activity is the latest of the last counting order, the last interaction and the first
 * contact, so a fan who never speaks or buys also goes dormant.
 */
public record LifecyclePolicy(Duration dormantAfter, Duration lostAfter, int activeMinOrders) {

    public static final LifecyclePolicy DEFAULT = new LifecyclePolicy(Duration.ofDays(30), Duration.ofDays(180), 3);

    public LifecyclePolicy {
        if (dormantAfter.isNegative() || lostAfter.compareTo(dormantAfter) <= 0) {
            throw new IllegalArgumentException("lostAfter must be longer than dormantAfter");
        }
        if (activeMinOrders < 3) {
            throw new IllegalArgumentException("activeMinOrders must be at least 3 (2 is a repeat buyer)");
        }
    }

    public LifecycleStage stageOf(
            List<Purchase> purchases,
            boolean isFan,
            @Nullable Instant firstContact,
            @Nullable Instant lastInteraction,
            Instant now) {
        List<Purchase> counting = purchases.stream().filter(Purchase::counts).toList();
        Instant lastOrder =
                counting.stream().map(Purchase::paidAt).max(Instant::compareTo).orElse(null);
        Instant lastActivity = latest(latest(lastOrder, lastInteraction), firstContact);
        if (lastActivity != null) {
            Duration idle = Duration.between(lastActivity, now);
            if (idle.compareTo(lostAfter) > 0) {
                return LifecycleStage.LOST;
            }
            if (idle.compareTo(dormantAfter) > 0) {
                return LifecycleStage.DORMANT;
            }
        }
        if (counting.size() >= activeMinOrders) {
            return LifecycleStage.ACTIVE;
        }
        if (counting.size() == 2) {
            return LifecycleStage.REPEAT_BUYER;
        }
        if (counting.size() == 1) {
            return LifecycleStage.FIRST_ORDER;
        }
        return isFan ? LifecycleStage.NEW_FAN : LifecycleStage.PROSPECT;
    }

    private static @Nullable Instant latest(@Nullable Instant a, @Nullable Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }
}
