package io.moat.wecom.callback;

import io.moat.shared.TenantId;
import io.moat.wecom.ContactRefreshed;
import io.moat.wecom.client.WecomRecords.Contact;
import java.time.Instant;

/** Turns WeCom's contact record into the event other modules see. */
public final class ContactRefreshes {

    private ContactRefreshes() {}

    public static ContactRefreshed of(TenantId tenant, Contact contact, Instant at) {
        var relations = contact.follows().stream()
                .map(f -> new ContactRefreshed.Relation(f.userId(), f.state(), f.addedAt()))
                .toList();
        return new ContactRefreshed(
                tenant, contact.externalUserId(), contact.name(), contact.gender(), contact.unionid(), relations, at);
    }
}
