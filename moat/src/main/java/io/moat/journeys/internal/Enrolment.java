package io.moat.journeys.internal;

import io.moat.customers.CustomerId;
import io.moat.shared.TenantId;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** One customer's pass through one journey version, as the runner sees it. */
record Enrolment(
        TenantId tenant,
        long id,
        long journeyId,
        int version,
        CustomerId customer,
        int occurrence,
        String state,
        @Nullable String stepId,
        @Nullable Instant dueAt,
        @Nullable String awaiting,
        int seq,
        Instant enteredAt) {

    boolean open() {
        return state.equals("waiting") || state.equals("held");
    }
}
