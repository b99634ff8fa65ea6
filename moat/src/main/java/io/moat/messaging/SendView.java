package io.moat.messaging;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** One send as the send log shows it. */
public record SendView(
        long id,
        String key,
        Channel channel,
        @Nullable Long customerId,
        @Nullable String externalUserId,
        @Nullable String chatId,
        @Nullable String staffUserId,
        String text,
        Priority priority,
        SendState state,
        @Nullable String reason,
        @Nullable String journeyId,
        @Nullable String stepId,
        Instant requestedAt,
        Instant notBefore,
        @Nullable Instant settledAt,
        @Nullable String wecomMsgId) {}
