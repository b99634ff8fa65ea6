package io.moat.commerce.order;

import java.math.BigDecimal;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A batch of orders pushed by a shop system or webhook relay. Everything arrives as given and is checked field by
 * field, so one bad order is reported by its index and field while the others are recorded. Amounts are whole fen;
 * times are ISO 8601, or local to the workspace when they carry no offset.
 */
public record RecordOrders(@Nullable List<SubmittedOrder> orders) {

    public record SubmittedOrder(
            @Nullable String platform,
            @Nullable String orderNo,
            @Nullable String status,
            @Nullable String createdAt,
            @Nullable String paidAt,
            @Nullable String shippedAt,
            @Nullable String finishedAt,
            @Nullable BigDecimal totalFen,
            @Nullable BigDecimal paidFen,
            @Nullable BigDecimal postFeeFen,
            @Nullable BigDecimal refundedFen,
            @Nullable SubmittedBuyer buyer,
            @Nullable String province,
            @Nullable String city,
            @Nullable List<SubmittedLine> lines) {}

    public record SubmittedBuyer(
            @Nullable String nick,
            @Nullable String openId,
            @Nullable String unionid,
            @Nullable String openid,
            @Nullable String phone) {}

    public record SubmittedLine(
            @Nullable String sku,
            @Nullable String title,
            @Nullable BigDecimal quantity,
            @Nullable BigDecimal unitPriceFen,
            @Nullable BigDecimal amountFen,
            @Nullable BigDecimal refundedFen) {

        public SubmittedLine(
                @Nullable String sku,
                @Nullable String title,
                @Nullable BigDecimal quantity,
                @Nullable BigDecimal unitPriceFen,
                @Nullable BigDecimal amountFen) {
            this(sku, title, quantity, unitPriceFen, amountFen, null);
        }
    }
}
