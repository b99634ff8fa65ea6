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
        assertThat(loyal.reason()).contains("last 3 months").contains("referred 1");
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
