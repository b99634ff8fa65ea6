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
                Arbitraries.of(REGIONS).set().ofMinSize(1).ofMaxSize(3).map(AudienceCondition.Region::new),
                Arbitraries.of(FIELDS).flatMap(key -> Arbitraries.of(fieldValues(key))
                        .set()
                        .ofMinSize(1)
                        .ofMaxSize(3)
                        .map(values -> (AudienceCondition) new AudienceCondition.FieldIn(key, values))),
                Combinators.combine(
                                Arbitraries.of("score", "birthday"),
                                Arbitraries.integers().between(0, 2),
                                Arbitraries.integers().between(0, 40))
                        .as((key, ends, at) -> fieldRange(key, ends, at)),
                Arbitraries.integers().between(0, 400).map(AudienceCondition.LastOrderWithin::new),
                Arbitraries.integers().between(0, 400).map(AudienceCondition.AddedWithin::new),
                Arbitraries.of(AudienceCondition.Product.class).flatMap(by -> Combinators.combine(
                                Arbitraries.of(values(by)).set().ofMinSize(1).ofMaxSize(3),
                                Arbitraries.integers().between(0, 400))
                        .as((values, days) -> (AudienceCondition) new AudienceCondition.Bought(by, values, days))),
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

    /**
     * The same kinds drawn from a plain {@link java.util.Random}, for tests that run outside jqwik's engine (Spring
     * tests); reproducible from the seed.
     */
    static AudienceCondition plain(java.util.Random random, List<Long> tags, List<String> texts, int depth) {
        int kind = random.nextInt(depth <= 0 ? 16 : 19);
        return switch (kind) {
            case 0 -> new AudienceCondition.HasTags(pick(random, TagMatch.values()), some(random, tags, 4));
            case 1 -> {
                ProfileField field = pick(random, ProfileField.values());
                yield new AudienceCondition.ProfileIn(field, some(random, List.copyOf(field.codes()), 3));
            }
            case 2 -> {
                int min = 1 + random.nextInt(5);
                yield new AudienceCondition.RfmScore(
                        pick(random, RfmDimension.values()), min, min + random.nextInt(6 - min));
            }
            case 3 -> {
                Integer min = random.nextBoolean() ? random.nextInt(4) : null;
                Integer max = min == null || random.nextBoolean() ? (min == null ? 0 : min) + random.nextInt(4) : null;
                yield new AudienceCondition.OrderCount(min, max);
            }
            case 4 -> {
                Long min = random.nextBoolean() ? (long) random.nextInt(100_000) : null;
                Long max =
                        min == null || random.nextBoolean() ? (min == null ? 0 : min) + random.nextInt(100_000) : null;
                yield new AudienceCondition.NetSpend(min, max);
            }
            case 5 -> new AudienceCondition.LastOrderWithin(random.nextInt(400));
            case 6 -> new AudienceCondition.AddedWithin(random.nextInt(130));
            case 7 -> new AudienceCondition.CameFrom(pick(random, Touch.values()), some(random, texts, 3));
            case 8 -> new AudienceCondition.FollowedBy(some(random, texts, 3));
            case 9 -> new AudienceCondition.InGroup(some(random, texts, 2));
            case 10 ->
                new AudienceCondition.DidWithin(
                        pick(random, ActivityKind.values()),
                        random.nextBoolean() ? null : texts.get(random.nextInt(texts.size())),
                        random.nextInt(60));
            case 11 -> new AudienceCondition.Consent(random.nextBoolean());
            case 12 -> {
                AudienceCondition.Product by = pick(random, AudienceCondition.Product.values());
                yield new AudienceCondition.Bought(by, some(random, values(by), 2), random.nextInt(400));
            }
            case 13 -> new AudienceCondition.Region(some(random, REGIONS, 3));
            case 14 -> {
                String key = FIELDS.get(random.nextInt(FIELDS.size()));
                yield new AudienceCondition.FieldIn(key, some(random, fieldValues(key), 3));
            }
            case 15 -> fieldRange(random.nextBoolean() ? "score" : "birthday", random.nextInt(3), random.nextInt(41));
            case 16 -> new AudienceCondition.All(children(random, tags, texts, depth));
            case 17 -> new AudienceCondition.Any(children(random, tags, texts, depth));
            default -> new AudienceCondition.Not(plain(random, tags, texts, depth - 1));
        };
    }

    /** Provinces and cities the guard's orders ship to (and one nobody is in). */
    static final List<String> REGIONS = List.of("浙江省", "杭州市", "宁波市", "上海", "上海市", "广东省", "深圳市", "西藏");

    /** The guard's custom fields: a choice (member level), a number and a date. */
    static final List<String> FIELDS = List.of("member_level", "score", "birthday", "unknown_field");

    static List<String> fieldValues(String key) {
        return switch (key) {
            case "member_level" -> List.of("金卡", "银卡", "普通", "钻石");
            case "score" -> List.of("0", "1.5", "10", "25", "99");
            case "birthday" -> List.of("1990-01-01", "1995-06-15", "2000-12-31", "1988-02-29");
            default -> List.of("x");
        };
    }

    /** A range over a number field (score 0–40) or a date field (birthdays 1980–2019): min, max or both. */
    static AudienceCondition fieldRange(String key, int ends, int at) {
        String low = key.equals("score") ? String.valueOf(at) : (1980 + at) + "-06-01";
        String high = key.equals("score") ? String.valueOf(at + 20) : (1985 + at) + "-01-01";
        return new AudienceCondition.FieldRange(key, ends == 1 ? null : low, ends == 0 ? null : high);
    }

    /** SKUs, categories and roles the guard's orders use (and one nobody bought). */
    static List<String> values(AudienceCondition.Product by) {
        return switch (by) {
            case SKU -> List.of("SKU-1", "SKU-2", "SKU-3", "SKU-none");
            case CATEGORY -> List.of("snacks", "tea", "gifts");
            case ROLE -> List.of("traffic", "hero", "retention", "trial", "bundle");
        };
    }

    private static List<AudienceCondition> children(
            java.util.Random random, List<Long> tags, List<String> texts, int depth) {
        List<AudienceCondition> children = new java.util.ArrayList<>();
        int count = random.nextInt(5);
        for (int i = 0; i < count; i++) {
            children.add(plain(random, tags, texts, depth - 1));
        }
        return children;
    }

    private static <T> T pick(java.util.Random random, T[] values) {
        return values[random.nextInt(values.length)];
    }

    private static <T> java.util.Set<T> some(java.util.Random random, List<T> values, int max) {
        java.util.Set<T> some = new java.util.LinkedHashSet<>();
        int count = 1 + random.nextInt(max);
        for (int i = 0; i < count; i++) {
            some.add(values.get(random.nextInt(values.size())));
        }
        return some;
    }
}
