package io.moat.tags.internal;

import java.util.Locale;

/** Who decided that a customer carries a tag. */
public enum AssignmentSource {
    MANUAL,
    CHANNEL,
    RULE,
    SURVEY,
    SYSTEM,
    WECOM;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
