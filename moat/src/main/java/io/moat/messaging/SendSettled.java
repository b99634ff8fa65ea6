package io.moat.messaging;

import io.moat.customers.CustomerId;
import io.moat.shared.TenantId;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** A send reached its final state (sent, skipped or failed); published exactly once per send. */
public record SendSettled(
        TenantId tenant,
        long sendId,
        String key,
        SendState state,
        @Nullable String reason,
        @Nullable CustomerId customer,
        @Nullable String chatId,
        @Nullable String journeyId,
        @Nullable String stepId,
        Instant settledAt) {}
