package io.moat.audiences.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.moat.audiences.AudienceCondition;
import io.moat.audiences.AudienceCondition.All;
import io.moat.audiences.AudienceCondition.Any;
import io.moat.audiences.AudienceCondition.HasTags;
import io.moat.audiences.AudienceCondition.Not;
import io.moat.audiences.AudienceCondition.TagMatch;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.roaringbitmap.RoaringBitmap;

/**
 * The chunk-by-chunk evaluator against a naive one that combines whole Roaring bitmaps node by node, on random tag
 * bitmaps spread over several 2^16 chunks (chunks empty, full, sparse, dense or made of runs, in the live set and in
 * each tag) and random nested AND / OR / NOT / tag-list conditions. Both the count and the materialized members must
 * be equal.
 */
class ChunkPlanTests {

    static final int CHUNKS = 5;
    static final int TAGS = 8;

    @Property(tries = 150)
    void theChunkPlanAgreesWithWholeBitmaps(@ForAll long seed) {
        Random random = new Random(seed);
        RoaringBitmap live = chunks(random, null);
        Map<Long, RoaringBitmap> tags = new HashMap<>();
        for (long t = 0; t < TAGS; t++) {
            if (random.nextInt(8) != 0) { // some tags nobody carries (not in the index at all)
                tags.put(t, chunks(random, live));
            }
        }
        TenantIndex index = TenantIndex.ofTags(ZoneId.of("Asia/Shanghai"), live, tags);
        Instant now = Instant.parse("2026-11-23T00:00:00Z");
        for (int i = 0; i < 20; i++) {
            AudienceCondition condition = condition(random, 4);
            RoaringBitmap expected = naive(condition, live, tags);
            // Compared as sets: the index keeps some small chunks in words, and Roaring's equals tells forms apart.
            assertThat(Selection.select(index, condition, now).toArray())
                    .as("seed %d, %s", seed, condition)
                    .isEqualTo(expected.toArray());
            assertThat(Selection.count(index, condition, now))
                    .as("seed %d, %s", seed, condition)
                    .isEqualTo(expected.getLongCardinality());
        }
    }

    /** A bitmap over {@link #CHUNKS} chunks, each in one random shape; within {@code within} when given. */
    static RoaringBitmap chunks(Random random, RoaringBitmap within) {
        RoaringBitmap bitmap = new RoaringBitmap();
        for (int chunk = 0; chunk < CHUNKS; chunk++) {
            long base = (long) chunk << 16;
            switch (random.nextInt(6)) {
                case 0 -> {} // empty
                case 1 -> bitmap.add(base, base + 65536); // full
                case 2 -> { // sparse: an array container
                    for (int i = random.nextInt(200); i >= 0; i--) {
                        bitmap.add((int) (base + random.nextInt(65536)));
                    }
                }
                case 3 -> { // dense: a bitmap container
                    for (int n = 0; n < 65536; n++) {
                        if (random.nextInt(3) != 0) {
                            bitmap.add((int) (base + n));
                        }
                    }
                }
                case 4 -> { // a few runs
                    for (int r = random.nextInt(6); r >= 0; r--) {
                        long from = base + random.nextInt(65536);
                        bitmap.add(from, Math.min(base + 65536, from + random.nextInt(20_000)));
                    }
                }
                default -> { // around the array/bitmap boundary
                    for (int i = 0; i < 4000 + random.nextInt(200); i++) {
                        bitmap.add((int) (base + random.nextInt(65536)));
                    }
                }
            }
        }
        if (random.nextBoolean()) {
            bitmap.runOptimize();
        }
        if (within != null) {
            bitmap.and(within); // the index keeps live customers only
        }
        return bitmap;
    }

    static AudienceCondition condition(Random random, int depth) {
        int kind = depth == 0 ? 0 : random.nextInt(5);
        return switch (kind) {
            case 0, 1 -> {
                Set<Long> ids = new HashSet<>();
                for (int i = random.nextInt(4); i >= 0; i--) {
                    ids.add((long) random.nextInt(TAGS));
                }
                yield new HasTags(TagMatch.values()[random.nextInt(3)], ids);
            }
            case 2 -> new All(children(random, depth));
            case 3 -> new Any(children(random, depth));
            default -> new Not(condition(random, depth - 1));
        };
    }

    static List<AudienceCondition> children(Random random, int depth) {
        List<AudienceCondition> children = new ArrayList<>();
        for (int i = random.nextInt(4); i > 0; i--) { // 0 … 3 children: empty AND / OR too
            children.add(random.nextInt(3) == 0 ? new Not(condition(random, depth - 1)) : condition(random, depth - 1));
        }
        return children;
    }

    /** Whole bitmaps, one node at a time: the reference. */
    static RoaringBitmap naive(AudienceCondition condition, RoaringBitmap live, Map<Long, RoaringBitmap> tags) {
        return switch (condition) {
            case All all -> {
                RoaringBitmap result = live.clone();
                all.conditions().forEach(c -> result.and(naive(c, live, tags)));
                yield result;
            }
            case Any any -> {
                RoaringBitmap result = new RoaringBitmap();
                any.conditions().forEach(c -> result.or(naive(c, live, tags)));
                yield result;
            }
            case Not not -> RoaringBitmap.andNot(live, naive(not.condition(), live, tags));
            case HasTags has -> {
                RoaringBitmap anyOf = new RoaringBitmap();
                RoaringBitmap allOf = live.clone();
                for (long t : has.tagIds()) {
                    RoaringBitmap tag = tags.getOrDefault(t, new RoaringBitmap());
                    anyOf.or(tag);
                    allOf.and(tag);
                }
                yield switch (has.match()) {
                    case ANY -> anyOf;
                    case ALL -> allOf;
                    case NONE -> RoaringBitmap.andNot(live, anyOf);
                };
            }
            default -> throw new IllegalArgumentException(condition.toString());
        };
    }
}
