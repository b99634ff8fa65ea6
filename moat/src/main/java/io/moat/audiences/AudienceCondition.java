package io.moat.audiences;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Who is in an audience: a closed set of conditions over a customer's tags, profile values, orders, channels,
 * staff, groups, activities and consent, combined with {@link All}, {@link Any} and {@link Not}. Every evaluation
 * is an exhaustive switch. The JSON form (version 1, docs/audiences.md) is read and written by {@link
 * Audiences#parse(String)} and {@link Audiences#json(AudienceCondition)}. Relative windows ("within 30 days") count
 * calendar days in the workspace's time zone: a fact of today is 0 days ago.
 */
public sealed interface AudienceCondition
        permits AudienceCondition.All,
                AudienceCondition.Any,
                AudienceCondition.Not,
                AudienceCondition.HasTags,
                AudienceCondition.ProfileIn,
                AudienceCondition.Region,
                AudienceCondition.FieldIn,
                AudienceCondition.FieldRange,
                AudienceCondition.RfmScore,
                AudienceCondition.OrderCount,
                AudienceCondition.NetSpend,
                AudienceCondition.LastOrderWithin,
                AudienceCondition.Bought,
                AudienceCondition.AddedWithin,
                AudienceCondition.CameFrom,
                AudienceCondition.FollowedBy,
                AudienceCondition.InGroup,
                AudienceCondition.DidWithin,
                AudienceCondition.Consent {

    /** Every one of them; everybody when there are none. */
    record All(List<AudienceCondition> conditions) implements AudienceCondition {
        public All {
            conditions = List.copyOf(conditions);
        }
    }

    /** At least one of them; nobody when there are none. */
    record Any(List<AudienceCondition> conditions) implements AudienceCondition {
        public Any {
            conditions = List.copyOf(conditions);
        }
    }

    record Not(AudienceCondition condition) implements AudienceCondition {}

    /** How a customer's tags meet a list of tags. */
    enum TagMatch {
        /** carries at least one of them */
        ANY,
        /** carries every one of them */
        ALL,
        /** carries none of them */
        NONE;

        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    record HasTags(TagMatch match, Set<Long> tagIds) implements AudienceCondition {
        public HasTags {
            tagIds = Set.copyOf(tagIds);
            if (tagIds.isEmpty()) {
                throw new IllegalArgumentException("name at least one tag");
            }
        }
    }

    /** A categorical profile value and the codes it may take (docs/audiences.md lists them). */
    enum ProfileField {
        GENDER("gender", Set.of("unknown", "male", "female")),
        STAGE("stage", Set.of("prospect", "new_fan", "first_order", "repeat_buyer", "active", "dormant", "lost")),
        LOYALTY("loyalty", Set.of("loyal", "bargain_hunter", "need_driven", "low_need", "unclassified")),
        RFM_SEGMENT(
                "rfmSegment",
                Set.of(
                        "champions",
                        "promising_big_spenders",
                        "at_risk_loyalists",
                        "cant_lose",
                        "loyal_low_spenders",
                        "new_or_occasional",
                        "fading_regulars",
                        "hibernating"));

        private final String key;
        private final Set<String> codes;

        ProfileField(String key, Set<String> codes) {
            this.key = key;
            this.codes = codes;
        }

        /** The JSON key. */
        public String key() {
            return key;
        }

        public Set<String> codes() {
            return codes;
        }
    }

    /** The profile value is one of {@code values}; a customer without the value (no RFM yet) is not in. */
    record ProfileIn(ProfileField field, Set<String> values) implements AudienceCondition {
        public ProfileIn {
            values = Set.copyOf(values);
            if (values.isEmpty() || !field.codes().containsAll(values)) {
                throw new IllegalArgumentException(field.key() + " must name some of " + field.codes());
            }
        }
    }

    /**
     * Where the customer is: the receiver address of their latest counting order (paid, kept in part at least; the
     * later paid, then the larger order id) has its province or its city among {@code places} ("浙江省", "杭州市").
     * Customers without a counting order with an address are not in.
     */
    record Region(Set<String> places) implements AudienceCondition {
        public Region {
            places = Set.copyOf(places);
            if (places.isEmpty()) {
                throw new IllegalArgumentException("name at least one province or city");
            }
        }
    }

    /**
     * The workspace's custom field {@code key} (会员等级 as {@code member_level}, 肤质, …) holds one of {@code values}, as
     * the field stores them: choices exactly as defined, numbers plain ("1.5"), dates as yyyy-MM-dd. An unknown key
     * matches nobody.
     */
    record FieldIn(String key, Set<String> values) implements AudienceCondition {
        public FieldIn {
            values = Set.copyOf(values);
            if (key.isBlank() || values.isEmpty()) {
                throw new IllegalArgumentException("name the field's key and at least one value");
            }
        }
    }

    /**
     * The custom field {@code key} holds a value in {@code min..max} (either end open when null): by number for
     * number fields (a bound that is no number matches nobody), by text otherwise, so dates (yyyy-MM-dd) compare as
     * dates. Customers without a value are not in.
     */
    record FieldRange(
            String key, @Nullable String min, @Nullable String max) implements AudienceCondition {
        public FieldRange {
            if (key.isBlank() || (min == null && max == null)) {
                throw new IllegalArgumentException("name the field's key and give min, max or both");
            }
        }
    }

    enum RfmDimension {
        RECENCY,
        FREQUENCY,
        MONETARY;

        public String code() {
            return name().substring(0, 1).toLowerCase(Locale.ROOT);
        }
    }

    /** The quintile score (1–5) of one RFM dimension lies in {@code min..max}; buyers without scores are not in. */
    record RfmScore(RfmDimension dimension, int min, int max) implements AudienceCondition {
        public RfmScore {
            if (min < 1 || max > 5 || min > max) {
                throw new IllegalArgumentException("scores run from 1 to 5, min ≤ max");
            }
        }
    }

    /** The number of counting orders lies in {@code min..max} (either end open when null). */
    record OrderCount(@Nullable Integer min, @Nullable Integer max) implements AudienceCondition {
        public OrderCount {
            requireRange(min, max);
        }
    }

    /** Net spend over counting orders, in fen, lies in {@code minFen..maxFen} (either end open when null). */
    record NetSpend(@Nullable Long minFen, @Nullable Long maxFen) implements AudienceCondition {
        public NetSpend {
            requireRange(minFen, maxFen);
        }
    }

    /** The last counting order was paid at most {@code days} calendar days ago. */
    record LastOrderWithin(int days) implements AudienceCondition {
        public LastOrderWithin {
            requireDays(days);
        }
    }

    /** What a bought line is matched by. */
    enum Product {
        SKU,
        CATEGORY,
        ROLE;

        /** The product roles commerce knows. */
        public static final Set<String> ROLES = Set.of("traffic", "hero", "retention", "trial", "bundle");

        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Paid for, and kept, a line of one of these SKUs / categories / product roles at most {@code days} calendar days
     * ago (lines of counting orders, with their order's payment time).
     */
    record Bought(Product by, Set<String> values, int days) implements AudienceCondition {
        public Bought {
            values = Set.copyOf(values);
            requireDays(days);
            if (values.isEmpty()) {
                throw new IllegalArgumentException("name at least one " + by.code());
            }
            if (by == Product.ROLE && !Product.ROLES.containsAll(values)) {
                throw new IllegalArgumentException("role must name some of " + Product.ROLES);
            }
        }
    }

    /** First added a staff member on WeCom at most {@code days} calendar days ago. */
    record AddedWithin(int days) implements AudienceCondition {
        public AddedWithin {
            requireDays(days);
        }
    }

    /** Which of a customer's adds counts for {@link CameFrom}. */
    enum Touch {
        /** any add, through any channel code */
        ANY,
        /** the first add */
        FIRST,
        /** the latest add */
        LAST;

        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Added staff through a channel code with one of these states (acquisition channel). */
    record CameFrom(Touch touch, Set<String> states) implements AudienceCondition {
        public CameFrom {
            states = Set.copyOf(states);
            if (states.isEmpty()) {
                throw new IllegalArgumentException("name at least one channel state");
            }
        }
    }

    /** Followed now by one of these staff members (their WeCom user ids). */
    record FollowedBy(Set<String> staff) implements AudienceCondition {
        public FollowedBy {
            staff = Set.copyOf(staff);
            if (staff.isEmpty()) {
                throw new IllegalArgumentException("name at least one staff member");
            }
        }
    }

    /** A member now of one of these customer groups (WeCom chat ids). */
    record InGroup(Set<String> chatIds) implements AudienceCondition {
        public InGroup {
            chatIds = Set.copyOf(chatIds);
            if (chatIds.isEmpty()) {
                throw new IllegalArgumentException("name at least one group");
            }
        }
    }

    /** Things customers do that other modules report. */
    enum ActivityKind {
        BENEFIT_CLAIMED,
        LINK_OPENED,
        CAMPAIGN_JOINED;

        public String code() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** Did it at most {@code days} calendar days ago; {@code ref} (a campaign, a link, a benefit) narrows it. */
    record DidWithin(ActivityKind kind, @Nullable String ref, int days) implements AudienceCondition {
        public DidWithin {
            requireDays(days);
        }
    }

    /** Whether the customer may be messaged: granted unless they opted out. */
    record Consent(boolean granted) implements AudienceCondition {}

    private static void requireDays(int days) {
        if (days < 0 || days > 3650) {
            throw new IllegalArgumentException("days run from 0 to 3650");
        }
    }

    private static <T extends Number> void requireRange(@Nullable T min, @Nullable T max) {
        if (min == null && max == null) {
            throw new IllegalArgumentException("give min, max or both");
        }
        if ((min != null && min.longValue() < 0) || (max != null && max.longValue() < 0)) {
            throw new IllegalArgumentException("bounds are not negative");
        }
        if (min != null && max != null && min.longValue() > max.longValue()) {
            throw new IllegalArgumentException("min must not exceed max");
        }
    }
}
