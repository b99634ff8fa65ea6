package io.moat.commerce;

import io.moat.shared.TenantId;
import java.util.List;

/**
 * Orders were recorded for the first time, or moved to a later stage (paid, shipped, refunded), in one committed
 * batch. Published inside the batch's transaction; listeners react after commit and link the buyers to people.
 */
public record OrdersRecorded(TenantId tenant, List<RecordedOrder> orders) {

    public OrdersRecorded {
        orders = List.copyOf(orders);
    }
}
