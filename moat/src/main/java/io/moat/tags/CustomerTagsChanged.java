package io.moat.tags;

import io.moat.customers.CustomerId;
import io.moat.shared.TenantId;
import java.util.List;

/** Some customers gained or lost tags (by hand, bulk, channel, rule, WeCom or a merge). */
public record CustomerTagsChanged(TenantId tenant, List<CustomerId> customers) {
    public CustomerTagsChanged {
        customers = List.copyOf(customers);
    }
}
