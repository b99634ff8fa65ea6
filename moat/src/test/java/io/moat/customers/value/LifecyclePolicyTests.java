package io.moat.customers.value;

import static io.moat.customers.value.LifecycleStage.ACTIVE;
import static io.moat.customers.value.LifecycleStage.DORMANT;
import static io.moat.customers.value.LifecycleStage.FIRST_ORDER;
import static io.moat.customers.value.LifecycleStage.LOST;
import static io.moat.customers.value.LifecycleStage.NEW_FAN;
import static io.moat.customers.value.LifecycleStage.PROSPECT;
import static io.moat.customers.value.LifecycleStage.REPEAT_BUYER;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class LifecyclePolicyTests {

    static final Instant NOW = Instant.parse("2026-11-22T00:00:00Z");
    final LifecyclePolicy policy = LifecyclePolicy.DEFAULT;

    @Test
    void walksTheStagesOfTheHandbook() {
        assertThat(stage(List.of(), false, null)).isEqualTo(PROSPECT);
        assertThat(stage(List.of(), true, daysAgo(3))).isEqualTo(NEW_FAN);
        assertThat(stage(List.of(order(10)), true, daysAgo(20))).isEqualTo(FIRST_ORDER);
        assertThat(stage(List.of(order(10), order(5)), true, daysAgo(20))).isEqualTo(REPEAT_BUYER);
        assertThat(stage(List.of(order(20), order(10), order(5)), true, daysAgo(60)))
                .isEqualTo(ACTIVE);
        assertThat(stage(List.of(order(40)), true, daysAgo(60))).isEqualTo(DORMANT);
        assertThat(stage(List.of(order(200)), false, null)).isEqualTo(LOST);
    }

    @Test
    void aSilentFanGoesDormantAndAnInteractionWakesThemUp() {
        assertThat(stage(List.of(), true, daysAgo(40))).isEqualTo(DORMANT);
        assertThat(policy.stageOf(List.of(), true, daysAgo(40), daysAgo(2), NOW))
                .isEqualTo(NEW_FAN);
    }

    @Test
    void aFullyRefundedOrderDoesNotCount() {
        var refunded = new Purchase(9, daysAgo(5), 0, false, true);
        assertThat(stage(List.of(refunded), true, daysAgo(6))).isEqualTo(NEW_FAN);
        assertThat(stage(List.of(refunded, order(4)), true, daysAgo(6))).isEqualTo(FIRST_ORDER);
    }

    @Property
    void idleBuyersAreDormantThenLostExactlyAtTheConfiguredDays(@ForAll @IntRange(min = 0, max = 400) int idleDays) {
        LifecycleStage stage = stage(List.of(order(idleDays)), false, null);
        if (idleDays > 180) {
            assertThat(stage).isEqualTo(LOST);
        } else if (idleDays > 30) {
            assertThat(stage).isEqualTo(DORMANT);
        } else {
            assertThat(stage).isEqualTo(FIRST_ORDER);
        }
    }

    private LifecycleStage stage(List<Purchase> purchases, boolean fan, Instant firstContact) {
        return policy.stageOf(purchases, fan, firstContact, null, NOW);
    }

    static Purchase order(int daysAgo) {
        return new Purchase(daysAgo, daysAgo(daysAgo), 9_900, false, false);
    }

    static Instant daysAgo(int days) {
        return NOW.minus(Duration.ofDays(days));
    }
}
