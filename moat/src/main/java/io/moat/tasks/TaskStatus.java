package io.moat.tasks;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Where a task stands: open until exactly one of the three closed states. */
public enum TaskStatus {
    OPEN,
    /** The assignee did it. */
    DONE,
    /** Someone decided it need not be done. */
    DISMISSED,
    /** Its due time passed while it was open. */
    EXPIRED;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<TaskStatus> ofCode(String code) {
        return Arrays.stream(values()).filter(s -> s.code().equals(code)).findFirst();
    }
}
