package io.moat.tasks;

import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Asks a staff member to do something. {@code kind} is namespaced by the asking module ({@code
 * community.guard-warning}); {@code evidence} is any JSON-serialisable map shown beside the task; a {@code sourceKey}
 * makes the request idempotent (the same key never makes a second task).
 */
public record NewTask(
        String kind,
        String assignee,
        TaskSubject subject,
        String title,
        String body,
        Map<String, Object> evidence,
        @Nullable Instant dueAt,
        @Nullable String sourceKey) {

    public NewTask {
        if (kind.isBlank() || assignee.isBlank() || title.isBlank()) {
            throw new IllegalArgumentException("a task needs a kind, an assignee and a title");
        }
        evidence = Map.copyOf(evidence);
    }
}
