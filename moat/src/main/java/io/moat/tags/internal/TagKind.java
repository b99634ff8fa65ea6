package io.moat.tags.internal;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Where a group's tags come from (domain.md §2): people, channel codes, rules, surveys or the system itself. */
public enum TagKind {
    MANUAL,
    CHANNEL,
    RULE,
    SURVEY,
    SYSTEM;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Manual and channel tags are what staff see and use in WeCom's client, so they sync with WeCom by default. */
    public boolean syncsByDefault() {
        return this == MANUAL || this == CHANNEL;
    }

    public static Optional<TagKind> ofCode(String code) {
        return Arrays.stream(values()).filter(kind -> kind.code().equals(code)).findFirst();
    }
}
