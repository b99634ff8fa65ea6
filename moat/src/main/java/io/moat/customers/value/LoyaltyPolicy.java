package io.moat.customers.value;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * Classifies a customer into the handbook's loyalty types, first match wins, and says why:
 * low-need (at most one counting order); loyal (a counting order in each of the last {@code loyalMonths} 30-day
 * windows and at least one referred buyer); bargain hunter (two or more orders, all on a deal, average below
 * {@code bargainAverageBelowFen}, no referrals); need-driven (two or more orders, none refunded, and every repurchase
 * at least {@code needGap} after the previous order); otherwise unclassified.
 */
public record LoyaltyPolicy(int loyalMonths, long bargainAverageBelowFen, Duration needGap) {

    public static final LoyaltyPolicy DEFAULT = new LoyaltyPolicy(3, 5_000, Duration.ofDays(90));

    /** The type and the reason an operator reads on the profile (a code with parameters, see {@link LoyaltyReason}). */
    public record Classification(LoyaltyType type, LoyaltyReason reason) {}

    public Classification classify(List<Purchase> purchases, int referredBuyers, Instant now) {
        List<Purchase> counting = purchases.stream()
                .filter(Purchase::counts)
                .sorted(Comparator.comparing(Purchase::paidAt))
                .toList();
        if (counting.size() <= 1) {
            return new Classification(
                    LoyaltyType.LOW_NEED, LoyaltyReason.of(LoyaltyReason.FEW_ORDERS, "orders", counting.size()));
        }
        if (referredBuyers > 0 && buysEveryMonth(counting, now)) {
            return new Classification(
                    LoyaltyType.LOYAL,
                    LoyaltyReason.of(
                            LoyaltyReason.MONTHLY_ORDERS_WITH_REFERRALS,
                            "months",
                            loyalMonths,
                            "orders",
                            counting.size(),
                            "referredBuyers",
                            referredBuyers));
        }
        long average = counting.stream().mapToLong(Purchase::netFen).sum() / counting.size();
        if (referredBuyers == 0 && counting.stream().allMatch(Purchase::onDeal) && average < bargainAverageBelowFen) {
            return new Classification(
                    LoyaltyType.BARGAIN_HUNTER,
                    LoyaltyReason.of(
                            LoyaltyReason.DEAL_ORDERS_SMALL_BASKETS,
                            "orders",
                            counting.size(),
                            "averageFen",
                            average,
                            "belowFen",
                            bargainAverageBelowFen));
        }
        boolean noRefunds = purchases.stream().noneMatch(Purchase::refunded);
        if (noRefunds && spacedByAtLeast(counting, needGap)) {
            return new Classification(
                    LoyaltyType.NEED_DRIVEN,
                    LoyaltyReason.of(
                            LoyaltyReason.SPACED_REPURCHASES,
                            "orders",
                            counting.size(),
                            "shortestGapDays",
                            shortestGap(counting).toDays(),
                            "gapDays",
                            needGap.toDays()));
        }
        long deals = counting.stream().filter(Purchase::onDeal).count();
        long refunds = purchases.stream().filter(Purchase::refunded).count();
        return new Classification(
                LoyaltyType.UNCLASSIFIED,
                LoyaltyReason.of(
                        LoyaltyReason.NO_TYPE_FITS,
                        "orders",
                        counting.size(),
                        "dealOrders",
                        deals,
                        "averageFen",
                        average,
                        "refundedOrders",
                        refunds,
                        "shortestGapDays",
                        shortestGap(counting).toDays()));
    }

    private boolean buysEveryMonth(List<Purchase> counting, Instant now) {
        for (int month = 0; month < loyalMonths; month++) {
            Instant end = now.minus(Duration.ofDays(30L * month));
            Instant start = end.minus(Duration.ofDays(30));
            boolean any = counting.stream()
                    .anyMatch(p -> p.paidAt().isAfter(start) && !p.paidAt().isAfter(end));
            if (!any) {
                return false;
            }
        }
        return true;
    }

    /** The shortest time between two consecutive orders of a sorted list of two or more. */
    private static Duration shortestGap(List<Purchase> sorted) {
        Duration shortest =
                Duration.between(sorted.get(0).paidAt(), sorted.get(1).paidAt());
        for (int i = 2; i < sorted.size(); i++) {
            Duration gap =
                    Duration.between(sorted.get(i - 1).paidAt(), sorted.get(i).paidAt());
            if (gap.compareTo(shortest) < 0) {
                shortest = gap;
            }
        }
        return shortest;
    }

    private static boolean spacedByAtLeast(List<Purchase> sorted, Duration gap) {
        for (int i = 1; i < sorted.size(); i++) {
            if (Duration.between(sorted.get(i - 1).paidAt(), sorted.get(i).paidAt())
                            .compareTo(gap)
                    < 0) {
                return false;
            }
        }
        return true;
    }
}
