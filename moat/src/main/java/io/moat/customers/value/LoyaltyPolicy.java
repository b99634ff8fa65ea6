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

    /** The type and the reason an operator reads on the profile. */
    public record Classification(LoyaltyType type, String reason) {}

    public Classification classify(List<Purchase> purchases, int referredBuyers, Instant now) {
        List<Purchase> counting = purchases.stream()
                .filter(Purchase::counts)
                .sorted(Comparator.comparing(Purchase::paidAt))
                .toList();
        if (counting.size() <= 1) {
            return new Classification(LoyaltyType.LOW_NEED, counting.size() + " counting order(s)");
        }
        if (referredBuyers > 0 && buysEveryMonth(counting, now)) {
            return new Classification(
                    LoyaltyType.LOYAL,
                    "ordered in each of the last " + loyalMonths + " months and referred " + referredBuyers
                            + " buyer(s)");
        }
        long average = counting.stream().mapToLong(Purchase::netFen).sum() / counting.size();
        if (referredBuyers == 0 && counting.stream().allMatch(Purchase::onDeal) && average < bargainAverageBelowFen) {
            return new Classification(
                    LoyaltyType.BARGAIN_HUNTER,
                    "all " + counting.size() + " orders on deals, average " + average + " fen, no referrals");
        }
        boolean noRefunds = purchases.stream().noneMatch(Purchase::refunded);
        if (noRefunds && spacedByAtLeast(counting, needGap)) {
            return new Classification(
                    LoyaltyType.NEED_DRIVEN,
                    counting.size() + " orders, no refunds, each repurchase at least " + needGap.toDays()
                            + " days apart");
        }
        return new Classification(LoyaltyType.UNCLASSIFIED, "fits none of the four types");
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
