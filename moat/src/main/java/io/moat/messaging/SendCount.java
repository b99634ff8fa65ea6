package io.moat.messaging;

import org.jspecify.annotations.Nullable;

/** How many of a journey's sends (per step) are in a state, with a reason for skipped and failed ones. */
public record SendCount(
        @Nullable String stepId, SendState state, @Nullable String reason, long count) {}
