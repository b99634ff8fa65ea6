package io.moat.demo;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One marketplace order of the demo's shoppers, before it is written in its platform's export format.
 *
 * @param state unpaid, closed, paid (waiting to ship), shipped, finished or refunded (paid, then refunded in full)
 * @param plainPhone whether the export shows the phone in full (a shop's ERP export) or masked
 */
record ShopOrder(
        String platform,
        String orderNo,
        Shopper buyer,
        String state,
        Instant createdAt,
        @Nullable Instant paidAt,
        @Nullable Instant shippedAt,
        @Nullable Instant finishedAt,
        List<Line> lines,
        long postFeeFen,
        boolean plainPhone) {

    record Line(String sku, String title, int quantity, long priceFen) {
        long amountFen() {
            return priceFen * quantity;
        }
    }

    /** A buyer as the marketplaces know them: the same nick, JD pin and phone on every order. */
    record Shopper(String name, String nick, String pin, String phone, String province, String city, String address) {}

    long goodsFen() {
        return lines.stream().mapToLong(Line::amountFen).sum();
    }

    long totalFen() {
        return goodsFen() + postFeeFen;
    }

    String phoneAsExported() {
        return plainPhone
                ? buyer.phone()
                : buyer.phone().substring(0, 3) + "****" + buyer.phone().substring(7);
    }
}
