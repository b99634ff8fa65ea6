package io.moat.wecomsim.commerce;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A marketplace order placed by a virtual customer (or an anonymous buyer). Amounts are in fen: total = goods +
 * post fee; payment is what the buyer paid, 0 until paid.
 *
 * @param maskedPhone whether the seller-centre export shows the mobile masked (138****1234), as it does for most
 * @param paidAt empty for unpaid orders
 */
public record Order(
        String platform,
        String orderNo,
        Buyer buyer,
        String province,
        String city,
        String address,
        OrderState state,
        Instant createdAt,
        Optional<Instant> paidAt,
        List<OrderLine> lines,
        long postFeeFen,
        boolean maskedPhone,
        String buyerMessage,
        String logisticsNo) {

    public Order {
        lines = List.copyOf(lines);
    }

    public Order withMaskedPhone(boolean masked) {
        return new Order(
                platform,
                orderNo,
                buyer,
                province,
                city,
                address,
                state,
                createdAt,
                paidAt,
                lines,
                postFeeFen,
                masked,
                buyerMessage,
                logisticsNo);
    }

    public long goodsFen() {
        return lines.stream().mapToLong(OrderLine::amountFen).sum();
    }

    public long totalFen() {
        return goodsFen() + postFeeFen;
    }

    public long paymentFen() {
        return state.paid() ? totalFen() : 0;
    }

    public int quantity() {
        return lines.stream().mapToInt(OrderLine::quantity).sum();
    }
}
