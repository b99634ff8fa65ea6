package io.moat.tasks;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** A task as it stands; {@code evidence} is its JSON text. */
public record Task(
        TaskId id,
        String kind,
        String assignee,
        TaskSubject subject,
        String title,
        String body,
        String evidence,
        @Nullable Instant dueAt,
        TaskStatus status,
        @Nullable String sourceKey,
        String createdBy,
        Instant createdAt,
        @Nullable String closedBy,
        @Nullable Instant closedAt,
        @Nullable String closingNote) {}
