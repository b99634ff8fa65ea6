package io.moat.wecom.callback;

import io.moat.shared.PhoneNumber;
import io.moat.shared.TenantId;
import io.moat.shared.crypto.PersonalData;
import io.moat.wecom.ContactRefreshed;
import io.moat.wecom.client.WecomRecords.Contact;
import java.time.Instant;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Turns WeCom's contact record into the event other modules see, with remark mobiles reduced to their hashes. */
@Component
public class ContactRefreshes {

    private final PersonalData personalData;

    ContactRefreshes(PersonalData personalData) {
        this.personalData = personalData;
    }

    public ContactRefreshed of(TenantId tenant, Contact contact, Instant at) {
        var relations = contact.follows().stream()
                .map(f -> new ContactRefreshed.Relation(f.userId(), f.state(), f.addedAt()))
                .toList();
        var phoneHashes = contact.follows().stream()
                .flatMap(f -> f.remarkMobiles().stream())
                .map(PhoneNumber::parse)
                .flatMap(Optional::stream)
                .map(phone -> personalData.phoneHash(tenant, phone))
                .distinct()
                .toList();
        return new ContactRefreshed(
                tenant,
                contact.externalUserId(),
                contact.name(),
                contact.gender(),
                contact.unionid(),
                phoneHashes,
                relations,
                at);
    }
}
