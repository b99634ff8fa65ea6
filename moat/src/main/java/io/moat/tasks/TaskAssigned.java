package io.moat.tasks;

import io.moat.shared.TenantId;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** A new task was given to a staff member: the cue to notify them (WeCom app message) within their limits. */
public record TaskAssigned(
        TenantId tenant,
        TaskId task,
        String kind,
        String assignee,
        String title,
        @Nullable Instant dueAt) {}
