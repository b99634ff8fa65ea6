package io.moat.workspace;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** A member's role in one workspace, and the permissions it carries. */
public enum Role {
    /** Everything, including deleting the workspace and naming other owners. */
    OWNER(EnumSet.allOf(Permission.class)),
    /** Everything but deleting the workspace. */
    ADMIN(EnumSet.complementOf(EnumSet.of(Permission.WORKSPACE_DELETE))),
    /** Runs the business: reads and changes every business module; sees, but does not manage, the team. */
    OPERATOR(union(
            businessAccess(true),
            EnumSet.of(
                    Permission.WORKSPACE_READ,
                    Permission.MEMBERS_READ,
                    Permission.WECOM_READ,
                    Permission.ANALYTICS_READ))),
    /** Front-line staff: serves customers and works their tasks. */
    STAFF(EnumSet.of(
            Permission.WORKSPACE_READ,
            Permission.CUSTOMERS_READ,
            Permission.CUSTOMERS_WRITE,
            Permission.TAGS_READ,
            Permission.COMMERCE_READ,
            Permission.ACQUISITION_READ,
            Permission.JOURNEYS_READ,
            Permission.MESSAGING_READ,
            Permission.COMMUNITY_READ,
            Permission.LOYALTY_READ,
            Permission.CONTENT_READ)),
    /** Reads everything business-related and builds reports; changes nothing else. */
    ANALYST(union(
            businessAccess(false),
            EnumSet.of(Permission.WORKSPACE_READ, Permission.ANALYTICS_READ, Permission.ANALYTICS_WRITE)));

    private final Set<Permission> permissions;

    Role(Set<Permission> permissions) {
        this.permissions = Set.copyOf(permissions);
    }

    public Set<Permission> permissions() {
        return permissions;
    }

    public boolean can(Permission permission) {
        return permissions.contains(permission);
    }

    /** A member may hand out a role (to a person or a token) only if it grants nothing the member lacks. */
    public boolean mayGrant(Role other) {
        return permissions.containsAll(other.permissions);
    }

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Role ofCode(String code) {
        return Arrays.stream(values())
                .filter(role -> role.code().equals(code))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown role " + code));
    }

    private static Set<Permission> businessAccess(boolean write) {
        Set<String> areas = Set.of(
                "customers",
                "tags",
                "commerce",
                "acquisition",
                "audiences",
                "journeys",
                "messaging",
                "community",
                "campaigns",
                "loyalty",
                "content");
        return Arrays.stream(Permission.values())
                .filter(p -> areas.contains(p.area()) && p != Permission.CUSTOMERS_PII)
                .filter(p -> write || p.isRead())
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(Permission.class)));
    }

    private static Set<Permission> union(Set<Permission> a, Set<Permission> b) {
        EnumSet<Permission> all = EnumSet.noneOf(Permission.class);
        all.addAll(a);
        all.addAll(b);
        return all;
    }
}
