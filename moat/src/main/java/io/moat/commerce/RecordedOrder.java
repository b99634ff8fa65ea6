package io.moat.commerce;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** One order as it now stands after an import or an API call recorded or advanced it. */
public record RecordedOrder(
        long orderId,
        Platform platform,
        String orderNo,
        OrderStatus status,
        long paidFen,
        long refundedFen,
        @Nullable Instant paidAt,
        BuyerIdentity buyer) {}
