package io.moat.audiences.internal;

import io.moat.audiences.AudienceCondition.ActivityKind;
import io.moat.audiences.AudienceCondition.Product;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Everything the index keeps of one live customer, as read from its owners; times in epoch milliseconds, {@link
 * #NONE} when absent; RFM scores 0 when not scored.
 */
record CustomerEntry(
        long id,
        int number,
        String gender,
        @Nullable String stage,
        @Nullable String loyalty,
        @Nullable String rfmSegment,
        int recency,
        int frequency,
        int monetary,
        int orders,
        long netSpendFen,
        long lastOrderAt,
        long firstAddedAt,
        boolean optedOut,
        List<Long> tags,
        Set<String> channels,
        @Nullable String firstTouch,
        @Nullable String lastTouch,
        Set<String> activeStaff,
        Set<String> groups,
        List<Activity> activities,
        List<Purchase> bought,
        @Nullable String province,
        @Nullable String city,
        Map<String, String> fields) {

    static final long NONE = Long.MIN_VALUE;

    record Activity(ActivityKind kind, String ref, long at) {}

    /** A bought line's SKU, category or role, with its order's payment time. */
    record Purchase(Product by, String value, long at) {}
}
