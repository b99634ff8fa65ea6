package io.moat.tasks;

import org.jspecify.annotations.Nullable;

/**
 * Which tasks to list, newest first; every part is optional. {@code beforeId} pages by key; {@code limit} is capped
 * at 500.
 */
public record TaskFilter(
        @Nullable String assignee,
        @Nullable TaskStatus status,
        @Nullable String kind,
        @Nullable String chatId,
        @Nullable Long beforeId,
        int limit) {

    public static TaskFilter all() {
        return new TaskFilter(null, null, null, null, null, 500);
    }

    public TaskFilter {
        limit = Math.clamp(limit, 1, 500);
    }
}
