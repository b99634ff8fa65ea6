package io.moat.tags.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.moat.customers.CustomerId;
import io.moat.customers.CustomerLookup.Facts;
import io.moat.tags.rules.Condition.AllOf;
import io.moat.tags.rules.Condition.AnyOf;
import io.moat.tags.rules.Condition.AverageOrderAbove;
import io.moat.tags.rules.Condition.BoughtWithin;
import io.moat.tags.rules.Condition.CameFromChannel;
import io.moat.tags.rules.Condition.Not;
import io.moat.tags.rules.Condition.OrderCountAtLeast;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** The condition language's laws, over any condition and any customer's facts. */
class ConditionProperties {

    static final Instant NOW = Instant.parse("2026-11-22T02:00:00Z");

    @Property
    void notOfNotIsTheConditionItself(@ForAll("conditions") Condition condition, @ForAll("facts") Facts facts) {
        assertThat(new Not(new Not(condition)).holdsFor(facts, NOW)).isEqualTo(condition.holdsFor(facts, NOW));
    }

    @Property
    void allOfNothingHoldsAndAnyOfNothingDoesNot(@ForAll("facts") Facts facts) {
        assertThat(new AllOf(List.of()).holdsFor(facts, NOW)).isTrue();
        assertThat(new AnyOf(List.of()).holdsFor(facts, NOW)).isFalse();
    }

    @Property
    void aListOfOneIsThatOne(@ForAll("conditions") Condition condition, @ForAll("facts") Facts facts) {
        boolean alone = condition.holdsFor(facts, NOW);
        assertThat(new AllOf(List.of(condition)).holdsFor(facts, NOW)).isEqualTo(alone);
        assertThat(new AnyOf(List.of(condition)).holdsFor(facts, NOW)).isEqualTo(alone);
    }

    @Property
    void deMorganHolds(
            @ForAll("conditions") Condition a, @ForAll("conditions") Condition b, @ForAll("facts") Facts facts) {
        assertThat(new Not(new AllOf(List.of(a, b))).holdsFor(facts, NOW))
                .isEqualTo(new AnyOf(List.of(new Not(a), new Not(b))).holdsFor(facts, NOW));
        assertThat(new Not(new AnyOf(List.of(a, b))).holdsFor(facts, NOW))
                .isEqualTo(new AllOf(List.of(new Not(a), new Not(b))).holdsFor(facts, NOW));
    }

    @Property
    void theJsonFormReadsBackAsTheSameCondition(@ForAll("conditions") Condition condition) {
        assertThat(ConditionJson.parse(ConditionJson.text(condition))).isEqualTo(condition);
    }

    @Property
    void averageOrderAboveIsExactEvenForHugeAmounts(
            @ForAll @IntRange(min = 1, max = Integer.MAX_VALUE) int orders,
            @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long netFen,
            @ForAll @LongRange(min = 0, max = Long.MAX_VALUE / 2) long fen) {
        Facts facts = new Facts(new CustomerId(1), orders, netFen, NOW, Set.of());
        boolean exact =
                BigInteger.valueOf(netFen).compareTo(BigInteger.valueOf(fen).multiply(BigInteger.valueOf(orders))) > 0;
        assertThat(new AverageOrderAbove(fen).holdsFor(facts, NOW)).isEqualTo(exact);
    }

    @Property
    void aLongerWindowNeverLosesABuyer(
            @ForAll("facts") Facts facts,
            @ForAll @IntRange(min = 1, max = 400) int days,
            @ForAll @IntRange(min = 0, max = 400) int more) {
        if (new BoughtWithin(days).holdsFor(facts, NOW)) {
            assertThat(new BoughtWithin(days + more).holdsFor(facts, NOW)).isTrue();
        }
    }

    @Property
    void aCustomerWithoutOrdersBoughtNothingAndAveragesNothing(
            @ForAll("conditions") Condition ignored, @ForAll @IntRange(min = 1, max = 400) int days) {
        Facts none = new Facts(new CustomerId(1), 0, 0, null, Set.of());
        assertThat(new BoughtWithin(days).holdsFor(none, NOW)).isFalse();
        assertThat(new AverageOrderAbove(0).holdsFor(none, NOW)).isFalse();
        assertThat(new OrderCountAtLeast(0).holdsFor(none, NOW)).isTrue();
    }

    @Provide
    Arbitrary<Condition> conditions() {
        return condition(3);
    }

    private Arbitrary<Condition> condition(int depth) {
        Arbitrary<Condition> leaf = Arbitraries.oneOf(
                Arbitraries.integers().between(1, 400).map(BoughtWithin::new),
                Arbitraries.integers().between(0, 6).map(OrderCountAtLeast::new),
                Arbitraries.longs().between(0, 50_000).map(AverageOrderAbove::new),
                Arbitraries.of("pkgcard", "live", "sms").map(CameFromChannel::new));
        if (depth == 0) {
            return leaf;
        }
        Arbitrary<Condition> inner = Arbitraries.lazy(() -> condition(depth - 1));
        return Arbitraries.frequencyOf(
                Tuple.of(4, leaf),
                Tuple.of(1, inner.list().ofMaxSize(3).map(AllOf::new)),
                Tuple.of(1, inner.list().ofMaxSize(3).map(AnyOf::new)),
                Tuple.of(1, inner.map(Not::new)));
    }

    @Provide
    Arbitrary<Facts> facts() {
        return Combinators.combine(
                        Arbitraries.integers().between(0, 8),
                        Arbitraries.longs().between(1, 40_000),
                        Arbitraries.integers().between(0, 500),
                        Arbitraries.subsetOf("pkgcard", "live", "sms"))
                .as((orders, average, daysAgo, channels) -> orders == 0
                        ? new Facts(new CustomerId(7), 0, 0, null, channels)
                        : new Facts(
                                new CustomerId(7),
                                orders,
                                average * orders,
                                NOW.minus(Duration.ofDays(daysAgo)),
                                channels));
    }
}
