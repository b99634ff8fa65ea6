package io.moat.workspace;

import java.util.Arrays;
import java.util.Optional;

/** What a role may do, one code per module and access level, checked on every workspace endpoint. */
public enum Permission {
    WORKSPACE_READ("workspace:read"),
    WORKSPACE_WRITE("workspace:write"),
    WORKSPACE_DELETE("workspace:delete"),
    MEMBERS_READ("members:read"),
    MEMBERS_WRITE("members:write"),
    TOKENS_READ("tokens:read"),
    TOKENS_WRITE("tokens:write"),
    AUDIT_READ("audit:read"),
    WECOM_READ("wecom:read"),
    WECOM_WRITE("wecom:write"),
    CUSTOMERS_READ("customers:read"),
    CUSTOMERS_WRITE("customers:write"),
    /** See personal data (phone numbers, addresses) unmasked. */
    CUSTOMERS_PII("customers:pii"),
    TAGS_READ("tags:read"),
    TAGS_WRITE("tags:write"),
    COMMERCE_READ("commerce:read"),
    COMMERCE_WRITE("commerce:write"),
    ACQUISITION_READ("acquisition:read"),
    ACQUISITION_WRITE("acquisition:write"),
    AUDIENCES_READ("audiences:read"),
    AUDIENCES_WRITE("audiences:write"),
    JOURNEYS_READ("journeys:read"),
    JOURNEYS_WRITE("journeys:write"),
    MESSAGING_READ("messaging:read"),
    MESSAGING_WRITE("messaging:write"),
    COMMUNITY_READ("community:read"),
    COMMUNITY_WRITE("community:write"),
    CAMPAIGNS_READ("campaigns:read"),
    CAMPAIGNS_WRITE("campaigns:write"),
    LOYALTY_READ("loyalty:read"),
    LOYALTY_WRITE("loyalty:write"),
    CONTENT_READ("content:read"),
    CONTENT_WRITE("content:write"),
    ANALYTICS_READ("analytics:read"),
    ANALYTICS_WRITE("analytics:write");

    private final String code;

    Permission(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    /** The module part of the code, e.g. {@code customers}. */
    public String area() {
        return code.substring(0, code.indexOf(':'));
    }

    public boolean isRead() {
        return code.endsWith(":read");
    }

    public static Optional<Permission> ofCode(String code) {
        return Arrays.stream(values()).filter(p -> p.code.equals(code)).findFirst();
    }
}
