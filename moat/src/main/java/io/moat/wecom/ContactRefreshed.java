package io.moat.wecom;

import io.moat.shared.TenantId;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * WeCom's current view of a customer, after a callback-driven refresh or a sync page: name, unionid, the keyed
 * hashes of the mobiles staff noted in their remarks (never the numbers: events are stored in plain JSON until
 * handled) and the follow relations it returned. Consumers upsert from it; it may repeat.
 */
public record ContactRefreshed(
        TenantId tenant,
        String externalUserId,
        String name,
        int gender,
        @Nullable String unionid,
        List<String> phoneHashes,
        List<Relation> relations,
        Instant at) {

    /** One staff member's relation to the customer as WeCom lists it. */
    public record Relation(
            String staffUserId,
            @Nullable String state,
            @Nullable Instant addedAt) {}
}
