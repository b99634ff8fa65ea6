package io.moat.wecom;

import io.moat.shared.TenantId;
import java.util.List;

/**
 * One page of a full sync's customers (up to 100), each as WeCom listed it: consumers project the page in one
 * transaction instead of one per customer. A callback-driven refresh stays a single {@link ContactRefreshed}.
 */
public record ContactsRefreshed(TenantId tenant, List<ContactRefreshed> contacts) {

    public ContactsRefreshed {
        contacts = List.copyOf(contacts);
    }
}
