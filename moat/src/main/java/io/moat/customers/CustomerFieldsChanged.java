package io.moat.customers;

import io.moat.shared.TenantId;
import java.util.List;

/**
 * Custom field values of some customers changed ({@link CustomerFieldValues#valuesOf} reads them); {@code everyone}
 * says a field was removed, so every customer's values may have changed, and {@code customers} is empty.
 */
public record CustomerFieldsChanged(TenantId tenant, List<CustomerId> customers, boolean everyone) {
    public CustomerFieldsChanged {
        customers = List.copyOf(customers);
    }
}
