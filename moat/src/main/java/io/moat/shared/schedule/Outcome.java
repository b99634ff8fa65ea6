package io.moat.shared.schedule;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** What became of a row of due work once its handler ran. */
public sealed interface Outcome {

    /** The work is finished; the row is kept as {@code done} so its key stays taken. */
    record Done() implements Outcome {}

    /**
     * Run the same row again at {@code at} (a poll, a reminder, a held send), optionally with a new payload. This is
     * not a failure: the attempt counter starts over.
     */
    record Later(Instant at, @Nullable String payload) implements Outcome {}

    static Outcome done() {
        return new Done();
    }

    static Outcome later(Instant at) {
        return new Later(at, null);
    }

    static Outcome later(Instant at, String payload) {
        return new Later(at, payload);
    }
}
