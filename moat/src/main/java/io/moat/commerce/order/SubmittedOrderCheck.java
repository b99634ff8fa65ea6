package io.moat.commerce.order;

import io.moat.commerce.OrderStatus;
import io.moat.commerce.Platform;
import io.moat.commerce.export.TimeText;
import io.moat.commerce.order.RecordOrders.SubmittedBuyer;
import io.moat.commerce.order.RecordOrders.SubmittedLine;
import io.moat.commerce.order.RecordOrders.SubmittedOrder;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Checks one submitted order field by field and builds the order; a failure names the field's full path. */
final class SubmittedOrderCheck {

    /** A field of a submitted order that is wrong. */
    static final class Invalid extends RuntimeException {
        final String field;

        Invalid(String field, String reason) {
            super(reason);
            this.field = field;
        }
    }

    private final String path;
    private final ZoneId zone;

    SubmittedOrderCheck(int index, ZoneId zone) {
        this.path = "orders[" + index + "]";
        this.zone = zone;
    }

    OrderRecord order(SubmittedOrder order) {
        Platform platform = Platform.ofCode(required("platform", order.platform()))
                .orElseThrow(() -> new Invalid(
                        path + ".platform", "must be one of taobao, tmall, jd, douyin, youzan," + " pdd, other"));
        String orderNo = required("orderNo", order.orderNo()).strip();
        OrderStatus status = OrderStatus.ofCode(required("status", order.status()))
                .orElseThrow(() -> new Invalid(path + ".status", "is not an order status"));
        Instant createdAt = time("createdAt", required("createdAt", order.createdAt()));
        if (createdAt == null) {
            throw new Invalid(path + ".createdAt", "is required");
        }
        long paid = fen("paidFen", order.paidFen(), 0);
        List<OrderLine> lines = lines(order.lines());
        // Refunds per line add up to at least the order's refund; without an order figure, they are it.
        long lineRefunds = lines.stream().mapToLong(OrderLine::refundedFen).sum();
        long refunded = fen("refundedFen", order.refundedFen(), lineRefunds);
        if (refunded < lineRefunds) {
            throw new Invalid(
                    path + ".refundedFen", "must be at least the lines' refunds together (" + lineRefunds + ")");
        }
        SubmittedBuyer buyer = order.buyer();
        return new OrderRecord(
                platform,
                orderNo,
                status,
                createdAt,
                time("paidAt", order.paidAt()),
                time("shippedAt", order.shippedAt()),
                time("finishedAt", order.finishedAt()),
                fen("totalFen", order.totalFen(), paid),
                paid,
                fen("postFeeFen", order.postFeeFen(), 0),
                refunded,
                buyer == null
                        ? Buyer.unknown()
                        : new Buyer(buyer.nick(), buyer.openId(), buyer.unionid(), buyer.openid(), buyer.phone()),
                order.province(),
                order.city(),
                lines);
    }

    private List<OrderLine> lines(@Nullable List<SubmittedLine> submitted) {
        List<OrderLine> lines = new ArrayList<>();
        if (submitted == null) {
            return lines;
        }
        for (int i = 0; i < submitted.size(); i++) {
            SubmittedLine line = submitted.get(i);
            String at = "lines[" + i + "].";
            if (line == null) {
                throw new Invalid(path + ".lines[" + i + "]", "must not be null");
            }
            long quantity = fen(at + "quantity", line.quantity(), 1);
            if (quantity <= 0 || quantity > Integer.MAX_VALUE) {
                throw new Invalid(path + "." + at + "quantity", "must be a positive whole number");
            }
            Long unitPrice = line.unitPriceFen() == null ? null : fen(at + "unitPriceFen", line.unitPriceFen(), 0);
            String title = line.title() != null ? line.title() : line.sku();
            long amount = fen(at + "amountFen", line.amountFen(), unitPrice == null ? 0 : unitPrice * quantity);
            long lineRefund = fen(at + "refundedFen", line.refundedFen(), 0);
            if (lineRefund > amount) {
                throw new Invalid(path + "." + at + "refundedFen", "must not be more than amountFen (" + amount + ")");
            }
            lines.add(new OrderLine(
                    line.sku(), required(at + "title", title), (int) quantity, unitPrice, amount, lineRefund));
        }
        return lines;
    }

    private String required(String field, @Nullable String value) {
        if (value == null || value.isBlank()) {
            throw new Invalid(path + "." + field, "is required");
        }
        return value;
    }

    private @Nullable Instant time(String field, @Nullable String value) {
        try {
            return value == null ? null : TimeText.parse(value, zone).orElse(null);
        } catch (IllegalArgumentException e) {
            throw new Invalid(path + "." + field, e.getMessage());
        }
    }

    private long fen(String field, @Nullable BigDecimal value, long absent) {
        if (value == null) {
            return absent;
        }
        if (value.signum() < 0) {
            throw new Invalid(path + "." + field, "must not be negative");
        }
        try {
            return value.stripTrailingZeros().longValueExact();
        } catch (ArithmeticException e) {
            throw new Invalid(path + "." + field, "must be a whole number (amounts are in fen)");
        }
    }
}
