package io.moat.customers;

import io.moat.shared.TenantId;
import java.util.List;

/**
 * What {@link CustomerAttributes} reads of some profiles may have changed (values recomputed, a relation begun or
 * ended, consent, gender); {@code everyone} says the whole workspace was recomputed and {@code customers} is empty.
 */
public record CustomerFactsChanged(TenantId tenant, List<CustomerId> customers, boolean everyone) {
    public CustomerFactsChanged {
        customers = List.copyOf(customers);
    }
}
