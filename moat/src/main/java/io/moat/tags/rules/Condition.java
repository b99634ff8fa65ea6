package io.moat.tags.rules;

import io.moat.customers.CustomerLookup.Facts;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What a rule tag asks of a customer, over their counting orders, net spend and channels (docs/metrics.md). A
 * closed set: every evaluation is an exhaustive switch, and the JSON form ({@link ConditionJson}) names each kind.
 */
public sealed interface Condition
        permits Condition.BoughtWithin,
                Condition.OrderCountAtLeast,
                Condition.AverageOrderAbove,
                Condition.CameFromChannel,
                Condition.BoughtSku,
                Condition.BoughtCategory,
                Condition.BoughtRole,
                Condition.AllOf,
                Condition.AnyOf,
                Condition.Not {

    /** The last counting order was paid at most {@code days} days ago. */
    record BoughtWithin(int days) implements Condition {
        public BoughtWithin {
            if (days < 1) {
                throw new IllegalArgumentException("days must be at least 1");
            }
        }
    }

    /** At least {@code count} counting orders. */
    record OrderCountAtLeast(int count) implements Condition {
        public OrderCountAtLeast {
            if (count < 0) {
                throw new IllegalArgumentException("count must not be negative");
            }
        }
    }

    /** A buyer whose net spend per counting order is above {@code fen}. */
    record AverageOrderAbove(long fen) implements Condition {
        public AverageOrderAbove {
            if (fen < 0) {
                throw new IllegalArgumentException("fen must not be negative");
            }
        }
    }

    /** Added a staff member through the channel code with this state. */
    record CameFromChannel(String state) implements Condition {
        public CameFromChannel {
            if (state.isBlank()) {
                throw new IllegalArgumentException("state must not be blank");
            }
        }
    }

    /** Paid for, and kept, a line of this SKU at most {@code days} days ago ("bought SKU X in 90 days"). */
    record BoughtSku(String sku, int days) implements Condition {
        public BoughtSku {
            if (sku.isBlank()) {
                throw new IllegalArgumentException("sku must not be blank");
            }
            requirePositive(days);
        }
    }

    /** Paid for, and kept, a product of this category at most {@code days} days ago. */
    record BoughtCategory(String category, int days) implements Condition {
        public BoughtCategory {
            if (category.isBlank()) {
                throw new IllegalArgumentException("category must not be blank");
            }
            requirePositive(days);
        }
    }

    /** Paid for, and kept, a product of this role (traffic, hero, retention, trial, bundle) at most days ago. */
    record BoughtRole(String role, int days) implements Condition {
        public static final List<String> ROLES = List.of("traffic", "hero", "retention", "trial", "bundle");

        public BoughtRole {
            if (!ROLES.contains(role)) {
                throw new IllegalArgumentException("role must be one of " + ROLES);
            }
            requirePositive(days);
        }
    }

    /** Every one of them; true when there are none. */
    record AllOf(List<Condition> conditions) implements Condition {
        public AllOf {
            conditions = List.copyOf(conditions);
        }
    }

    /** At least one of them; false when there are none. */
    record AnyOf(List<Condition> conditions) implements Condition {
        public AnyOf {
            conditions = List.copyOf(conditions);
        }
    }

    record Not(Condition condition) implements Condition {}

    default boolean holdsFor(Facts facts, Instant now) {
        return switch (this) {
            case BoughtWithin within ->
                facts.lastOrderAt() != null && !facts.lastOrderAt().isBefore(now.minus(Duration.ofDays(within.days())));
            case OrderCountAtLeast least -> facts.orders() >= least.count();
            case AverageOrderAbove above -> averageAbove(facts.netSpendFen(), facts.orders(), above.fen());
            case CameFromChannel channel -> facts.channels().contains(channel.state());
            case BoughtSku sku ->
                boughtWithin(facts, now, sku.days(), b -> sku.sku().equals(b.sku()));
            case BoughtCategory category ->
                boughtWithin(
                        facts, now, category.days(), b -> category.category().equals(b.category()));
            case BoughtRole role ->
                boughtWithin(facts, now, role.days(), b -> role.role().equals(b.role()));
            case AllOf all -> all.conditions().stream().allMatch(c -> c.holdsFor(facts, now));
            case AnyOf any -> any.conditions().stream().anyMatch(c -> c.holdsFor(facts, now));
            case Not not -> !not.condition().holdsFor(facts, now);
        };
    }

    private static boolean boughtWithin(
            Facts facts,
            Instant now,
            int days,
            java.util.function.Predicate<io.moat.customers.CustomerLookup.Bought> line) {
        Instant since = now.minus(Duration.ofDays(days));
        return facts.items().stream().anyMatch(b -> !b.paidAt().isBefore(since) && line.test(b));
    }

    private static void requirePositive(int days) {
        if (days < 1) {
            throw new IllegalArgumentException("days must be at least 1");
        }
    }

    /** net / orders > fen without overflow: with net = q·orders + r, that is q > fen, or q = fen and r > 0. */
    private static boolean averageAbove(long netFen, int orders, long fen) {
        if (orders <= 0) {
            return false;
        }
        long quotient = Math.floorDiv(netFen, orders);
        return quotient > fen || (quotient == fen && Math.floorMod(netFen, orders) > 0);
    }
}
