package io.moat.tasks;

import io.moat.shared.TenantId;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** A task reached its closed state (done, dismissed or expired); {@code sourceKey} is the one it was created with. */
public record TaskClosed(
        TenantId tenant,
        TaskId task,
        String kind,
        TaskStatus status,
        String closedBy,
        Instant at,
        TaskSubject subject,
        @Nullable String sourceKey) {}
