package io.moat.messaging;

import java.util.Locale;

/** Where a send is. The last three are final: every send ends in exactly one of them. */
public enum SendState {
    /** Recorded, waiting for its checks. */
    PENDING,
    /** Held by quiet hours or its not-before moment. */
    HELD,
    /** Passed its checks, waiting to be batched into a staff member's task. */
    QUEUED,
    /** In a WeCom task, waiting for the member's confirmation and the result. */
    TASKED,
    SENT,
    SKIPPED,
    FAILED;

    public boolean isFinal() {
        return this == SENT || this == SKIPPED || this == FAILED;
    }

    public String column() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static SendState of(String column) {
        return valueOf(column.toUpperCase(Locale.ROOT));
    }
}
