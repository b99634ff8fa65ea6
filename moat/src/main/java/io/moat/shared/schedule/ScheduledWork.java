package io.moat.shared.schedule;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** A row of due work as its scheduler can look it up by key. */
public record ScheduledWork(
        String kind,
        String key,
        State state,
        Instant dueAt,
        int attempts,
        @Nullable String lastError,
        @Nullable Instant finishedAt) {

    /** Where a row is: waiting (or running), finished, given up on after its attempts, or cancelled. */
    public enum State {
        DUE,
        DONE,
        FAILED,
        CANCELLED
    }
}
