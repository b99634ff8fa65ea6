package io.moat.community.policy;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** A member's role in a group; every role but {@code MEMBER} protects from inactivity removal. */
public enum MemberRole {
    OWNER,
    ADMIN,
    /** Key opinion consumer: an "atmosphere" member who keeps the group talking. */
    KOC,
    VIP,
    MEMBER;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isProtected() {
        return this != MEMBER;
    }

    public static Optional<MemberRole> ofCode(String code) {
        return Arrays.stream(values()).filter(r -> r.code().equals(code)).findFirst();
    }
}
