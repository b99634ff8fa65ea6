package io.moat.messaging;

import org.jspecify.annotations.Nullable;

/**
 * A filter over the send log, newest first, paged by key: pass the last id seen as {@code beforeId}.
 *
 * @param limit 1 to 500
 */
public record SendSearch(
        @Nullable Long customerId,
        @Nullable SendState state,
        @Nullable String reason,
        @Nullable String journeyId,
        @Nullable String stepId,
        @Nullable Long beforeId,
        int limit) {

    public SendSearch {
        if (limit < 1 || limit > 500) {
            throw new IllegalArgumentException("limit must be 1 to 500");
        }
    }

    public static SendSearch forCustomer(long customerId) {
        return new SendSearch(customerId, null, null, null, null, null, 100);
    }
}
