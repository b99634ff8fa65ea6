package io.moat.audiences.internal;

import io.moat.audiences.AudienceCondition;
import io.moat.audiences.AudienceCondition.AddedWithin;
import io.moat.audiences.AudienceCondition.All;
import io.moat.audiences.AudienceCondition.Any;
import io.moat.audiences.AudienceCondition.Bought;
import io.moat.audiences.AudienceCondition.CameFrom;
import io.moat.audiences.AudienceCondition.Consent;
import io.moat.audiences.AudienceCondition.DidWithin;
import io.moat.audiences.AudienceCondition.FollowedBy;
import io.moat.audiences.AudienceCondition.HasTags;
import io.moat.audiences.AudienceCondition.InGroup;
import io.moat.audiences.AudienceCondition.LastOrderWithin;
import io.moat.audiences.AudienceCondition.NetSpend;
import io.moat.audiences.AudienceCondition.Not;
import io.moat.audiences.AudienceCondition.OrderCount;
import io.moat.audiences.AudienceCondition.ProfileIn;
import io.moat.audiences.AudienceCondition.RfmScore;
import io.moat.audiences.Explanation;
import io.moat.audiences.Explanation.Reason;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.roaringbitmap.RoaringBitmap;

/**
 * Evaluates a condition for one customer and says why, from the same index the bitmaps come from, so an
 * explanation never disagrees with a count. Call under the index's read lock.
 */
final class Explaining {

    private final TenantIndex index;
    private final Window window;
    private final int n;

    Explaining(TenantIndex index, Window window, int number) {
        this.index = index;
        this.window = window;
        this.n = number;
    }

    Explanation explain(AudienceCondition condition) {
        List<Reason> reasons = new ArrayList<>();
        boolean member = holds(condition, reasons);
        return new Explanation(member, reasons);
    }

    private boolean holds(AudienceCondition condition, List<Reason> reasons) {
        return switch (condition) {
            case All all -> group(all.conditions(), true, reasons);
            case Any any -> group(any.conditions(), false, reasons);
            case Not not -> !holds(not.condition(), reasons);
            case HasTags has -> tags(has, reasons);
            case ProfileIn in -> {
                List<String> values = index.values(in.field(), n);
                boolean holds = values.stream().anyMatch(in.values()::contains);
                String shown = values.isEmpty() ? "not set" : String.join(", ", values);
                yield leaf(reasons, in.field().key(), holds, in.field().key() + " is " + shown);
            }
            case AudienceCondition.Region region -> {
                List<String> places = matching(region.places(), index::region);
                yield leaf(
                        reasons,
                        "region",
                        !places.isEmpty(),
                        places.isEmpty()
                                ? "latest order not shipped to " + list(region.places())
                                : "latest order shipped to " + String.join(", ", places));
            }
            case AudienceCondition.FieldIn in -> {
                String value = index.fieldValue(in.key(), n);
                yield leaf(
                        reasons,
                        "field",
                        value != null && in.values().contains(value),
                        in.key() + " is " + (value == null ? "not set" : value));
            }
            case AudienceCondition.FieldRange range -> {
                String value = index.fieldValue(range.key(), n);
                yield leaf(
                        reasons,
                        "field",
                        index.fieldRange(range.key(), range.min(), range.max()).contains(n),
                        range.key() + " is " + (value == null ? "not set" : value));
            }
            case RfmScore score -> {
                int s = index.rfm(n, score.dimension());
                String name = score.dimension().code().toUpperCase(Locale.ROOT);
                yield leaf(
                        reasons,
                        "rfm",
                        s >= score.min() && s <= score.max(),
                        s == 0 ? name + " score not computed yet" : name + " score " + s);
            }
            case OrderCount count ->
                leaf(
                        reasons,
                        "orders",
                        Selection.within(index.orders(n), count.min(), count.max()),
                        index.orders(n) + " counting orders");
            case NetSpend spend ->
                leaf(
                        reasons,
                        "spend",
                        Selection.within(index.spend(n), spend.minFen(), spend.maxFen()),
                        "net spend ¥" + yuan(index.spend(n)));
            case LastOrderWithin last ->
                since(reasons, "lastOrder", index.lastOrder(n), last.days(), "last order", "no counting order");
            case AddedWithin added ->
                since(reasons, "added", index.firstAdded(n), added.days(), "first added", "never added on WeCom");
            case Bought bought -> {
                String latest = null;
                long at = CustomerEntry.NONE;
                for (String value : bought.values().stream().sorted().toList()) {
                    long time = index.latestBought(bought.by(), value, n);
                    if (time != CustomerEntry.NONE && time > at) {
                        at = time;
                        latest = value;
                    }
                }
                String by = bought.by().code();
                yield since(
                        reasons,
                        "bought",
                        at,
                        bought.days(),
                        "last bought " + by + " " + latest,
                        "never bought " + by + " " + list(bought.values()));
            }
            case CameFrom from -> {
                List<String> states = matching(from.states(), s -> index.channel(from.touch(), s));
                String touch =
                        switch (from.touch()) {
                            case ANY -> "came through";
                            case FIRST -> "first came through";
                            case LAST -> "last came through";
                        };
                yield leaf(
                        reasons,
                        "channel",
                        !states.isEmpty(),
                        states.isEmpty()
                                ? "did not " + touch.replace("came", "come") + " " + list(from.states())
                                : touch + " " + String.join(", ", states));
            }
            case FollowedBy by -> {
                List<String> staff = matching(by.staff(), index::staff);
                yield leaf(
                        reasons,
                        "staff",
                        !staff.isEmpty(),
                        staff.isEmpty()
                                ? "followed by none of " + list(by.staff())
                                : "followed by " + String.join(", ", staff));
            }
            case InGroup in -> {
                List<String> chats = matching(in.chatIds(), index::group);
                yield leaf(
                        reasons,
                        "group",
                        !chats.isEmpty(),
                        chats.isEmpty()
                                ? "in none of groups " + list(in.chatIds())
                                : "in group " + String.join(", ", chats));
            }
            case DidWithin did -> {
                String what = did.kind().code() + (did.ref() == null ? "" : " " + did.ref());
                yield since(
                        reasons, "activity", index.latest(did.kind(), did.ref(), n), did.days(), what, "never " + what);
            }
            case Consent consent -> {
                boolean out = index.optedOut().contains(n);
                yield leaf(
                        reasons,
                        "consent",
                        consent.granted() != out,
                        out ? "opted out of marketing" : "consent granted");
            }
        };
    }

    private boolean group(List<AudienceCondition> children, boolean and, List<Reason> reasons) {
        List<Reason> holding = new ArrayList<>();
        List<Reason> failing = new ArrayList<>();
        boolean result = and;
        for (AudienceCondition child : children) {
            List<Reason> own = new ArrayList<>();
            boolean holds = holds(child, own);
            (holds ? holding : failing).addAll(own);
            result = and ? result && holds : result || holds;
        }
        // AND: all parts when it holds, else the failing ones; OR: the holding parts, else all (which all fail).
        reasons.addAll(result ? holding : failing);
        return result;
    }

    private boolean tags(HasTags has, List<Reason> reasons) {
        List<Long> carried = has.tagIds().stream()
                .sorted()
                .filter(t -> index.tag(t).contains(n))
                .toList();
        List<Long> missing =
                has.tagIds().stream().sorted().filter(t -> !carried.contains(t)).toList();
        boolean holds =
                switch (has.match()) {
                    case ANY -> !carried.isEmpty();
                    case ALL -> missing.isEmpty();
                    case NONE -> carried.isEmpty();
                };
        String detail =
                switch (has.match()) {
                    case ANY, NONE ->
                        carried.isEmpty() ? "carries none of tags " + ids(missing) : "carries tag " + ids(carried);
                    case ALL -> missing.isEmpty() ? "carries tags " + ids(carried) : "lacks tag " + ids(missing);
                };
        return leaf(reasons, "tag", holds, detail);
    }

    private boolean since(List<Reason> reasons, String kind, long at, int days, String what, String never) {
        if (at == CustomerEntry.NONE) {
            return leaf(reasons, kind, false, never);
        }
        long ago = window.daysAgo(at);
        return leaf(
                reasons,
                kind,
                at >= window.cutoff(days),
                what + " " + (ago == 0 ? "today" : ago == 1 ? "1 day ago" : ago + " days ago"));
    }

    private List<String> matching(Collection<String> keys, java.util.function.Function<String, RoaringBitmap> bitmap) {
        return keys.stream().sorted().filter(k -> bitmap.apply(k).contains(n)).toList();
    }

    private static boolean leaf(List<Reason> reasons, String kind, boolean holds, String detail) {
        reasons.add(new Reason(kind, holds, detail));
        return holds;
    }

    private static String ids(List<Long> ids) {
        return ids.stream().map(String::valueOf).collect(Collectors.joining(", "));
    }

    private static String list(Collection<String> values) {
        return values.stream().sorted().collect(Collectors.joining(", "));
    }

    private static String yuan(long fen) {
        return java.math.BigDecimal.valueOf(fen, 2).toPlainString();
    }
}
