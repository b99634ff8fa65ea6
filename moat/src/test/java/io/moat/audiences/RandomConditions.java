package io.moat.audiences;

import io.moat.audiences.AudienceCondition.ActivityKind;
import io.moat.audiences.AudienceCondition.ProfileField;
import io.moat.audiences.AudienceCondition.RfmDimension;
import io.moat.audiences.AudienceCondition.TagMatch;
import io.moat.audiences.AudienceCondition.Touch;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Random conditions of every kind, nested up to a depth, over given tag ids and texts (states, staff, groups). */
final class RandomConditions {

    private RandomConditions() {}

    static Arbitrary<Long> tagIds(long min, long max) {
        return Arbitraries.longs().between(min, max);
    }

    static Arbitrary<String> texts() {
        return Arbitraries.of("pkgcard", "live", "zhangsan", "lisi", "chat-1", "s1", "s2");
    }

    static Arbitrary<AudienceCondition> conditions(Arbitrary<Long> tags, Arbitrary<String> texts, int depth) {
        Arbitrary<AudienceCondition> leaf = Arbitraries.oneOf(List.of(
                Combinators.combine(
                                Arbitraries.of(TagMatch.class),
                                tags.set().ofMinSize(1).ofMaxSize(4))
                        .as(AudienceCondition.HasTags::new),
                Arbitraries.of(ProfileField.class).flatMap(field -> Arbitraries.of(field.codes())
                        .set()
                        .ofMinSize(1)
                        .ofMaxSize(3)
                        .map(values -> (AudienceCondition) new AudienceCondition.ProfileIn(field, values))),
                Combinators.combine(
                                Arbitraries.of(RfmDimension.class),
                                Arbitraries.integers().between(1, 5),
                                Arbitraries.integers().between(0, 4))
                        .as((d, min, extra) -> new AudienceCondition.RfmScore(d, min, Math.min(5, min + extra))),
                Combinators.combine(
                                Arbitraries.integers().between(0, 4).injectNull(0.3),
                                Arbitraries.integers().between(0, 4))
                        .filter((min, extra) -> true)
                        .as((min, extra) -> min == null
                                ? new AudienceCondition.OrderCount(null, extra)
                                : new AudienceCondition.OrderCount(min, extra % 2 == 0 ? null : min + extra)),
                Combinators.combine(
                                Arbitraries.longs().between(0, 100_000).injectNull(0.3),
                                Arbitraries.longs().between(0, 100_000))
                        .as((min, extra) -> min == null
                                ? new AudienceCondition.NetSpend(null, extra)
                                : new AudienceCondition.NetSpend(min, extra % 2 == 0 ? null : min + extra)),
                Arbitraries.integers().between(0, 400).map(AudienceCondition.LastOrderWithin::new),
                Arbitraries.integers().between(0, 400).map(AudienceCondition.AddedWithin::new),
                Combinators.combine(
                                Arbitraries.of(Touch.class),
                                texts.set().ofMinSize(1).ofMaxSize(3))
                        .as(AudienceCondition.CameFrom::new),
                texts.set().ofMinSize(1).ofMaxSize(3).map(AudienceCondition.FollowedBy::new),
                texts.set().ofMinSize(1).ofMaxSize(2).map(AudienceCondition.InGroup::new),
                Combinators.combine(
                                Arbitraries.of(ActivityKind.class),
                                texts.injectNull(0.5),
                                Arbitraries.integers().between(0, 60))
                        .as(AudienceCondition.DidWithin::new),
                Arbitraries.of(true, false).map(AudienceCondition.Consent::new)));
        if (depth <= 0) {
            return leaf;
        }
        Arbitrary<AudienceCondition> inner = Arbitraries.lazy(() -> conditions(tags, texts, depth - 1));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, leaf),
                net.jqwik.api.Tuple.of(
                        1, inner.list().ofMaxSize(4).map(list -> (AudienceCondition) new AudienceCondition.All(list))),
                net.jqwik.api.Tuple.of(
                        1, inner.list().ofMaxSize(4).map(list -> (AudienceCondition) new AudienceCondition.Any(list))),
                net.jqwik.api.Tuple.of(1, inner.map(AudienceCondition.Not::new)));
    }
}
