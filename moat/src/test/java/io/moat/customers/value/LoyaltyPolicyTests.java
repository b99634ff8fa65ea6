package io.moat.customers.value;

import static io.moat.customers.value.LifecyclePolicyTests.NOW;
import static io.moat.customers.value.LifecyclePolicyTests.daysAgo;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LoyaltyPolicyTests {

    final LoyaltyPolicy policy = LoyaltyPolicy.DEFAULT;

    @Test
    void oneOrNoPurchaseIsLowNeed() {
        assertThat(type(List.of(), 0)).isEqualTo(LoyaltyType.LOW_NEED);
        assertThat(type(List.of(full(10)), 3)).isEqualTo(LoyaltyType.LOW_NEED);
    }

    @Test
    void monthlyBuyersWhoReferAreLoyalAndTheReasonSaysSo() {
        var purchases = List.of(full(5), full(35), full(65));

        var loyal = policy.classify(purchases, 1, NOW);

        assertThat(loyal.type()).isEqualTo(LoyaltyType.LOYAL);
        assertThat(loyal.reason()).hasToString("monthly_orders_with_referrals{months:3,orders:3,referredBuyers:1}");
        assertThat(type(purchases, 0)).isNotEqualTo(LoyaltyType.LOYAL);
        assertThat(type(List.of(full(5), full(65)), 2)).isNotEqualTo(LoyaltyType.LOYAL);
    }

    @Test
    void smallDealOnlyBasketsWithoutReferralsAreBargainHunting() {
        var deals = List.of(deal(10, 1_990), deal(50, 990), deal(90, 2_990));

        assertThat(type(deals, 0)).isEqualTo(LoyaltyType.BARGAIN_HUNTER);
        assertThat(type(List.of(deal(10, 1_990), full(50)), 0)).isNotEqualTo(LoyaltyType.BARGAIN_HUNTER);
        assertThat(type(List.of(deal(10, 19_900), deal(50, 19_900)), 0)).isNotEqualTo(LoyaltyType.BARGAIN_HUNTER);
    }

    @Test
    void satisfiedBuyersWhoReturnAfterMonthsAreNeedDriven() {
        assertThat(type(List.of(full(300), full(200), full(100)), 0)).isEqualTo(LoyaltyType.NEED_DRIVEN);
        assertThat(type(List.of(full(300), full(250)), 0)).isEqualTo(LoyaltyType.UNCLASSIFIED);
        var refundedOnce = List.of(full(300), new Purchase(2, daysAgo(150), 5_000, false, true));
        assertThat(type(refundedOnce, 0)).isEqualTo(LoyaltyType.UNCLASSIFIED);
    }

    /**
     * The hand-computed fixture of docs/metrics.md ("Loyalty reason codes"): each type's reason code and parameters
     * for a small purchase history, worked out from the definitions rather than from the code.
     */
    @Test
    void eachTypeSaysWhyWithAStableCodeAndItsParameters() {
        assertThat(policy.classify(List.of(), 0, NOW).reason()).hasToString("few_orders{orders:0}");
        assertThat(policy.classify(List.of(full(10), refundedInFull(20)), 0, NOW)
                        .reason())
                .hasToString("few_orders{orders:1}");
        // 19.90 + 9.90 + 29.90 yuan on deals: 5,970 fen / 3 = 1,990 fen on average, under 5,000
        assertThat(policy.classify(List.of(deal(10, 1_990), deal(50, 990), deal(90, 2_990)), 0, NOW)
                        .reason())
                .hasToString("deal_orders_small_baskets{orders:3,averageFen:1990,belowFen:5000}");
        // orders 300, 200 and 100 days ago: gaps of 100 days, at least the 90 asked for
        assertThat(policy.classify(List.of(full(300), full(200), full(100)), 0, NOW)
                        .reason())
                .hasToString("spaced_repurchases{orders:3,shortestGapDays:100,gapDays:90}");
        // 300 and 250 days ago (a 50-day gap), one of them a deal: none of the four
        assertThat(policy.classify(List.of(full(300), deal(250, 12_900)), 0, NOW)
                        .reason())
                .hasToString(
                        "no_type_fits{orders:2,dealOrders:1,averageFen:12900,refundedOrders:0,shortestGapDays:50}");
        var monthly = policy.classify(List.of(full(5), full(35), full(65), full(95)), 2, NOW);
        assertThat(monthly.type()).isEqualTo(LoyaltyType.LOYAL);
        assertThat(monthly.reason().code()).isEqualTo(LoyaltyReason.MONTHLY_ORDERS_WITH_REFERRALS);
        assertThat(monthly.reason().params())
                .containsExactly(
                        java.util.Map.entry("months", 3L),
                        java.util.Map.entry("orders", 4L),
                        java.util.Map.entry("referredBuyers", 2L));
        assertThat(monthly.reason().paramsJson()).isEqualTo("{\"months\":3,\"orders\":4,\"referredBuyers\":2}");
    }

    private static Purchase refundedInFull(int daysAgo) {
        return new Purchase(daysAgo, daysAgo(daysAgo), 0, false, true);
    }

    private LoyaltyType type(List<Purchase> purchases, int referred) {
        return policy.classify(purchases, referred, NOW).type();
    }

    private static Purchase full(int daysAgo) {
        return new Purchase(daysAgo, daysAgo(daysAgo), 12_900, false, false);
    }

    private static Purchase deal(int daysAgo, long fen) {
        return new Purchase(daysAgo, daysAgo(daysAgo), fen, true, false);
    }
}
