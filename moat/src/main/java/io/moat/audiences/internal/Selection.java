package io.moat.audiences.internal;

import io.moat.audiences.AudienceCondition;
import io.moat.audiences.AudienceCondition.AddedWithin;
import io.moat.audiences.AudienceCondition.All;
import io.moat.audiences.AudienceCondition.Any;
import io.moat.audiences.AudienceCondition.Bought;
import io.moat.audiences.AudienceCondition.CameFrom;
import io.moat.audiences.AudienceCondition.Consent;
import io.moat.audiences.AudienceCondition.DidWithin;
import io.moat.audiences.AudienceCondition.FieldIn;
import io.moat.audiences.AudienceCondition.FieldRange;
import io.moat.audiences.AudienceCondition.FollowedBy;
import io.moat.audiences.AudienceCondition.HasTags;
import io.moat.audiences.AudienceCondition.InGroup;
import io.moat.audiences.AudienceCondition.LastOrderWithin;
import io.moat.audiences.AudienceCondition.NetSpend;
import io.moat.audiences.AudienceCondition.Not;
import io.moat.audiences.AudienceCondition.OrderCount;
import io.moat.audiences.AudienceCondition.ProfileIn;
import io.moat.audiences.AudienceCondition.Region;
import io.moat.audiences.AudienceCondition.RfmScore;
import io.moat.audiences.AudienceCondition.TagMatch;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;
import org.roaringbitmap.FastAggregation;
import org.roaringbitmap.RoaringBitmap;

/**
 * Evaluates a condition over a whole workspace: its members' numbers as a bitmap, or just how many. The condition is
 * compiled into a {@link ChunkPlan} whose leaves are stored bitmaps (tags, categorical values) read in place, or one
 * computed bitmap per numeric range or time window (a column scan); the plan evaluates the whole expression chunk by
 * chunk. NOT is the complement within the live customers. Call under the index's read lock.
 */
public final class Selection {

    private final TenantIndex index;
    private final Window window;

    Selection(TenantIndex index, Window window) {
        this.index = index;
        this.window = window;
    }

    /** The members of {@code condition} at {@code now}, as numbers; the caller owns the bitmap. */
    public static RoaringBitmap select(TenantIndex index, AudienceCondition condition, java.time.Instant now) {
        return index.read(() -> new Selection(index, Window.at(now, index.zone())).members(condition));
    }

    /** How many customers {@code condition} holds for at {@code now}, without building their bitmap. */
    public static long count(TenantIndex index, AudienceCondition condition, java.time.Instant now) {
        return index.read(() -> new Selection(index, Window.at(now, index.zone())).count(condition));
    }

    /** The members, evaluated chunk by chunk over the whole expression (the production path). */
    RoaringBitmap members(AudienceCondition condition) {
        return ChunkPlan.of(plan(condition), index.live()).members();
    }

    long count(AudienceCondition condition) {
        return ChunkPlan.of(plan(condition), index.live()).count();
    }

    /**
     * Compiles the boolean structure (AND / OR / NOT, tag lists, value lists) into a chunk plan whose leaves are the
     * index's stored bitmaps, read in place. A condition with no stored bitmap of its own (a range, a time window)
     * becomes one leaf computed by {@link #of}: a new kind of condition only needs a case there.
     */
    ChunkPlan.Node plan(AudienceCondition condition) {
        RoaringBitmap live = index.live();
        return switch (condition) {
            case All all -> {
                List<ChunkPlan.Node> positive = new ArrayList<>();
                List<ChunkPlan.Node> negative = new ArrayList<>();
                for (AudienceCondition child : all.conditions()) {
                    if (child instanceof Not not) {
                        negative.add(plan(not.condition()));
                    } else {
                        positive.add(plan(child));
                    }
                }
                yield ChunkPlan.and(positive, negative, live);
            }
            case Any any ->
                ChunkPlan.or(any.conditions().stream().map(this::plan).toList());
            case Not not -> ChunkPlan.not(plan(not.condition()), live);
            case HasTags has -> {
                List<ChunkPlan.Node> tags = has.tagIds().stream()
                        .map(tag -> ChunkPlan.leaf(index.tag(tag)))
                        .toList();
                yield switch (has.match()) {
                    case ANY -> ChunkPlan.or(tags);
                    case ALL -> ChunkPlan.and(tags, List.of(), live);
                    case NONE -> ChunkPlan.not(ChunkPlan.or(tags), live);
                };
            }
            case ProfileIn in -> leaves(in.values(), value -> index.value(in.field(), value));
            case Region region -> leaves(region.places(), index::region);
            case FieldIn in -> leaves(in.values(), value -> index.field(in.key(), value));
            case CameFrom from -> leaves(from.states(), state -> index.channel(from.touch(), state));
            case FollowedBy by -> leaves(by.staff(), index::staff);
            case InGroup in -> leaves(in.chatIds(), index::group);
            case Consent consent ->
                consent.granted()
                        ? ChunkPlan.not(ChunkPlan.leaf(index.optedOutView()), live)
                        : ChunkPlan.leaf(index.optedOutView());
            default -> ChunkPlan.leaf(of(condition));
        };
    }

    private static <T> ChunkPlan.Node leaves(Collection<T> keys, Function<T, RoaringBitmap> bitmap) {
        return ChunkPlan.or(
                keys.stream().map(key -> ChunkPlan.leaf(bitmap.apply(key))).toList());
    }

    /**
     * One condition's bitmap, whole, combining node by node: the plan uses it for leaves without a stored bitmap
     * (ranges, windows, purchases, activities). Its AND / OR / NOT cases are the evaluation the plan replaced; they
     * stay so that any condition can still be evaluated whole.
     */
    RoaringBitmap of(AudienceCondition condition) {
        return switch (condition) {
            case All all -> all(all.conditions());
            case Any any -> any(any.conditions());
            case Not not -> RoaringBitmap.andNot(index.everyone(), of(not.condition()));
            case HasTags has ->
                switch (has.match()) {
                    case ANY -> union(has.tagIds(), index::tag);
                    case ALL ->
                        has.tagIds().size() == 1
                                ? index.tag(has.tagIds().iterator().next()).clone()
                                : FastAggregation.and(
                                        has.tagIds().stream().map(index::tag).iterator());
                    case NONE -> RoaringBitmap.andNot(index.everyone(), union(has.tagIds(), index::tag));
                };
            case ProfileIn in -> union(in.values(), value -> index.value(in.field(), value));
            case Region region -> union(region.places(), index::region);
            case FieldIn in -> union(in.values(), value -> index.field(in.key(), value));
            case FieldRange range -> index.fieldRange(range.key(), range.min(), range.max());
            case RfmScore score ->
                index.scan(n -> {
                    int s = index.rfm(n, score.dimension());
                    return s >= score.min() && s <= score.max();
                });
            case OrderCount count -> index.scan(n -> within(index.orders(n), count.min(), count.max()));
            case NetSpend net -> index.scan(n -> within(index.spend(n), net.minFen(), net.maxFen()));
            case LastOrderWithin last -> since(index::lastOrder, window.cutoff(last.days()));
            case AddedWithin added -> since(index::firstAdded, window.cutoff(added.days()));
            case Bought bought -> index.bought(bought.by(), bought.values(), window.cutoff(bought.days()));
            case CameFrom from -> union(from.states(), state -> index.channel(from.touch(), state));
            case FollowedBy by -> union(by.staff(), index::staff);
            case InGroup in -> union(in.chatIds(), index::group);
            case DidWithin did -> index.did(did.kind(), did.ref(), window.cutoff(did.days()));
            case Consent consent ->
                consent.granted() ? RoaringBitmap.andNot(index.everyone(), index.optedOut()) : index.optedOut();
        };
    }

    /**
     * Intersects the children smallest first, reading stored bitmaps in place where a child is one of them; NOT
     * children are subtracted at the end; stops early once nobody is left.
     */
    private RoaringBitmap all(List<AudienceCondition> conditions) {
        List<RoaringBitmap> parts = new ArrayList<>();
        List<AudienceCondition> negated = new ArrayList<>();
        for (AudienceCondition child : conditions) {
            if (child instanceof Not not) {
                negated.add(not.condition());
            } else {
                parts.add(view(child));
            }
        }
        parts.sort(java.util.Comparator.comparingLong(RoaringBitmap::getLongCardinality));
        RoaringBitmap result;
        if (parts.isEmpty()) {
            result = index.everyone();
        } else if (parts.size() == 1) {
            result = parts.getFirst().clone();
        } else {
            result = RoaringBitmap.and(parts.get(0), parts.get(1));
            for (int i = 2; i < parts.size() && !result.isEmpty(); i++) {
                result.and(parts.get(i));
            }
        }
        for (AudienceCondition child : negated) {
            if (result.isEmpty()) {
                break;
            }
            result.andNot(view(child));
        }
        return result;
    }

    /** Unions the children, reading stored bitmaps in place where a child is one of them. */
    private RoaringBitmap any(List<AudienceCondition> conditions) {
        return switch (conditions.size()) {
            case 0 -> new RoaringBitmap();
            case 1 -> of(conditions.getFirst());
            default -> FastAggregation.or(conditions.stream().map(this::view).iterator());
        };
    }

    /** The condition's bitmap, possibly one of the index's own: read it, never change it. */
    private RoaringBitmap view(AudienceCondition condition) {
        if (condition instanceof HasTags has
                && has.match() != TagMatch.NONE
                && has.tagIds().size() == 1) {
            return index.tag(has.tagIds().iterator().next());
        }
        if (condition instanceof ProfileIn in && in.values().size() == 1) {
            return index.value(in.field(), in.values().iterator().next());
        }
        return of(condition);
    }

    /** A fresh bitmap, never one of the index's own (callers change results in place). */
    private static <T> RoaringBitmap union(Collection<T> keys, Function<T, RoaringBitmap> bitmap) {
        if (keys.size() == 1) {
            return bitmap.apply(keys.iterator().next()).clone();
        }
        return FastAggregation.or(keys.stream().map(bitmap).iterator());
    }

    private RoaringBitmap since(java.util.function.IntToLongFunction column, long cutoff) {
        return index.scan(n -> {
            long at = column.applyAsLong(n);
            return at != CustomerEntry.NONE && at >= cutoff;
        });
    }

    static boolean within(long value, Number min, Number max) {
        return (min == null || value >= min.longValue()) && (max == null || value <= max.longValue());
    }
}
