package io.moat.tags.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.moat.customers.CustomerId;
import io.moat.customers.CustomerLookup.Facts;
import io.moat.shared.Problem;
import io.moat.tags.rules.Condition.AllOf;
import io.moat.tags.rules.Condition.AverageOrderAbove;
import io.moat.tags.rules.Condition.BoughtWithin;
import io.moat.tags.rules.Condition.CameFromChannel;
import io.moat.tags.rules.Condition.Not;
import io.moat.tags.rules.Condition.OrderCountAtLeast;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Conditions as operators write them, and the problems that name what is wrong. */
class ConditionJsonTests {

    static final Instant NOW = Instant.parse("2026-11-22T02:00:00Z");

    @Test
    void readsTheHandbooksExamples() {
        Condition bigSpenders = ConditionJson.parse("""
                {"type":"allOf","conditions":[{"type":"boughtWithin","days":90},
                 {"type":"averageOrderAbove","fen":20000},{"type":"not","condition":{"type":"cameFromChannel","state":"sms"}}]}
                """);

        assertThat(bigSpenders)
                .isEqualTo(new AllOf(List.of(
                        new BoughtWithin(90), new AverageOrderAbove(20_000), new Not(new CameFromChannel("sms")))));
    }

    @Test
    void evaluatesOnTheBoundaries() {
        Facts twoOrders = new Facts(new CustomerId(1), 2, 40_001, NOW.minus(Duration.ofDays(90)), Set.of("pkgcard"));

        assertThat(new BoughtWithin(90).holdsFor(twoOrders, NOW)).isTrue();
        assertThat(new BoughtWithin(89).holdsFor(twoOrders, NOW)).isFalse();
        assertThat(new AverageOrderAbove(20_000).holdsFor(twoOrders, NOW)).isTrue();
        assertThat(new AverageOrderAbove(20_001).holdsFor(twoOrders, NOW)).isFalse();
        assertThat(new OrderCountAtLeast(2).holdsFor(twoOrders, NOW)).isTrue();
        assertThat(new OrderCountAtLeast(3).holdsFor(twoOrders, NOW)).isFalse();
        assertThat(new CameFromChannel("pkgcard").holdsFor(twoOrders, NOW)).isTrue();
        assertThat(new CameFromChannel("live").holdsFor(twoOrders, NOW)).isFalse();
    }

    @Test
    void anUnknownTypeIsNamedByItsPath() {
        assertThatThrownBy(() -> ConditionJson.parse("""
                        {"type":"anyOf","conditions":[{"type":"boughtWithin","days":30},{"type":"spentMore"}]}""")).isInstanceOfSatisfying(Problem.class, problem -> {
            assertThat(problem.code()).isEqualTo("invalid-condition");
            assertThat(problem.field()).isEqualTo("condition.conditions[1].type");
        });
    }

    @Test
    void aBadNumberOrAnUnknownFieldIsNamed() {
        assertThatThrownBy(() -> ConditionJson.parse("{\"type\":\"boughtWithin\",\"days\":0}"))
                .isInstanceOfSatisfying(
                        Problem.class, p -> assertThat(p.field()).isEqualTo("condition.days"));
        assertThatThrownBy(() -> ConditionJson.parse(
                        "{\"type\":\"not\",\"condition\":{\"type\":\"orderCountAtLeast\",\"count\":\"2\"}}"))
                .isInstanceOfSatisfying(
                        Problem.class, p -> assertThat(p.field()).isEqualTo("condition.condition.count"));
        assertThatThrownBy(() -> ConditionJson.parse("{\"type\":\"orderCountAtLeast\",\"count\":2,\"sku\":\"X\"}"))
                .isInstanceOfSatisfying(
                        Problem.class, p -> assertThat(p.field()).isEqualTo("condition.sku"));
    }

    @Test
    void nestingIsBounded() {
        String deep = "{\"type\":\"not\",\"condition\":".repeat(9) + "{\"type\":\"orderCountAtLeast\",\"count\":1}"
                + "}".repeat(9);

        assertThatThrownBy(() -> ConditionJson.parse(deep))
                .isInstanceOfSatisfying(
                        Problem.class, p -> assertThat(p.field()).startsWith("condition.condition"));
    }
}
