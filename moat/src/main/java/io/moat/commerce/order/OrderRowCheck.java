package io.moat.commerce.order;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What the database would refuse in an order, found in Java first so one bad row is reported by itself instead of
 * failing a whole {@code COPY}: a blank number, negative money, a line without a title or quantity, text PostgreSQL
 * cannot hold (NUL). Imports run it while assembling orders, so such a row is reported by its row number.
 */
public final class OrderRowCheck {

    static final int MAX_ORDER_NO = 200;

    private OrderRowCheck() {}

    /** Why the order cannot be stored, or empty when it can. */
    public static Optional<String> problem(OrderRecord order) {
        if (order.orderNo().isBlank() || order.orderNo().length() > MAX_ORDER_NO) {
            return Optional.of("orderNo: must be 1 to " + MAX_ORDER_NO + " characters");
        }
        if (order.platform() == null || order.status() == null || order.createdAt() == null) {
            return Optional.of("platform, status and createdAt are required");
        }
        if (order.totalFen() < 0 || order.paidFen() < 0 || order.postFeeFen() < 0 || order.refundedFen() < 0) {
            return Optional.of("amounts: must not be negative");
        }
        if (hasNul(order.orderNo())
                || hasNul(order.province())
                || hasNul(order.city())
                || hasNul(order.buyer().nick())
                || hasNul(order.buyer().openId())
                || hasNul(order.buyer().unionid())
                || hasNul(order.buyer().openid())
                || hasNul(order.buyer().phone())) {
            return Optional.of("text: must not contain NUL characters");
        }
        for (int i = 0; i < order.lines().size(); i++) {
            Optional<String> problem = problem(order.lines().get(i));
            if (problem.isPresent()) {
                return Optional.of("lines[" + i + "]." + problem.get());
            }
        }
        return Optional.empty();
    }

    private static Optional<String> problem(OrderLine line) {
        if (line.title() == null || line.title().isBlank()) {
            return Optional.of("title: is required");
        }
        if (line.quantity() <= 0) {
            return Optional.of("quantity: must be positive");
        }
        if (line.amountFen() < 0 || (line.unitPriceFen() != null && line.unitPriceFen() < 0)) {
            return Optional.of("amounts: must not be negative");
        }
        if (hasNul(line.sku()) || hasNul(line.title())) {
            return Optional.of("text: must not contain NUL characters");
        }
        return Optional.empty();
    }

    private static boolean hasNul(@Nullable String text) {
        return text != null && text.indexOf('\u0000') >= 0;
    }
}
