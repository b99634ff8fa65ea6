package io.moat.messaging;

import io.moat.customers.CustomerId;
import io.moat.shared.TenantId;
import org.jspecify.annotations.Nullable;

/** A send was requested and entered the send log (published once per key). */
public record SendRecorded(
        TenantId tenant,
        long sendId,
        String key,
        Channel channel,
        @Nullable CustomerId customer,
        @Nullable String chatId,
        @Nullable String journeyId,
        @Nullable String stepId) {}
