package io.moat.commerce;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** An order as other modules see it: identity, stage, money in fen, buyer and where it went. */
public record OrderSummary(
        long orderId,
        Platform platform,
        String orderNo,
        OrderStatus status,
        long totalFen,
        long paidFen,
        long refundedFen,
        Instant createdAt,
        @Nullable Instant paidAt,
        BuyerIdentity buyer,
        /* The masked phone (138****1234) or whatever masked or encrypted text the export had. */
        @Nullable String phoneMasked,
        @Nullable String province,
        @Nullable String city,
        @Nullable Long customerId) {}
