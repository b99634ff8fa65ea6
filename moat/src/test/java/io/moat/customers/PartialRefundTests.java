package io.moat.customers;

import static org.assertj.core.api.Assertions.assertThat;

import io.moat.MoatTest;
import io.moat.customers.internal.CustomerValues;
import io.moat.shared.context.CallContext;
import io.moat.tags.TagFixtures;
import io.moat.wecom.CustomerAdded;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Partial refunds, end to end from the JSON order ingest, against the hand-computed fixture of docs/metrics.md
 * ("Partial refunds"). One customer, a fan for 200 days:
 *
 * <pre>
 * R1  5 days ago    TEA 1 × 120.00, CUP 1 × 80.00 = 200.00; the CUP line refunded in full (80.00)  net 120.00
 * R2  40 days ago   TEA 2 × 60.00 = 120.00; 20.00 of the line refunded                           net 100.00
 * R3  100 days ago  GIFT 50.00, refunded in full                                                  net 0 (does not count)
 * </pre>
 *
 * Counting orders 2, net spend 220.00, GMV of the last 60 days 220.00 over 1 buyer (AOV 220.00); bought TEA (its
 * lines were kept), not CUP (its only line was refunded in full, though its order counts), not GIFT; loyalty
 * unclassified: {@code no_type_fits{orders:2,dealOrders:0,averageFen:11000,refundedOrders:3,shortestGapDays:35}}.
 * R1 first arrives unrefunded (CUP is then bought) and its refund comes by a second post of the same order.
 */
@MoatTest
class PartialRefundTests {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    @LocalServerPort
    int port;

    @Autowired
    @Qualifier("ownerDataSource")
    DataSource owner;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    CustomerValues values;

    @Autowired
    CustomerFigures figures;

    @Test
    void refundsAdjustEverythingDerivedPerLineAndPerRefundedAmount() {
        TagFixtures shop = new TagFixtures(port, owner, events, transactions);
        Instant now = Instant.now();
        shop.publish(
                new CustomerAdded(shop.tenant, "wm-refund", "zhangsan", null, null, now.minus(Duration.ofDays(200))));
        shop.refreshed("wm-refund", "union-refund");
        long customer = shop.customer("wm-refund");
        long rules = shop.group("退款规则", "rule", List.of()).path("id").asLong();
        long tea = rule(shop, rules, "买过茶", "TEA");
        long cup = rule(shop, rules, "买过杯", "CUP");
        long gift = rule(shop, rules, "买过礼盒", "GIFT");

        post(
                shop,
                order(
                        "R1",
                        "paid",
                        now.minus(Duration.ofDays(5)),
                        20_000,
                        null,
                        List.of(line("TEA", 1, 12_000, null), line("CUP", 1, 8_000, null))));
        post(
                shop,
                order(
                        "R2",
                        "partially_refunded",
                        now.minus(Duration.ofDays(40)),
                        12_000,
                        2_000,
                        List.of(line("TEA", 2, 12_000, null))));
        post(
                shop,
                order(
                        "R3",
                        "refunded",
                        now.minus(Duration.ofDays(100)),
                        5_000,
                        null,
                        List.of(line("GIFT", 1, 5_000, 5_000))));
        JdbcTemplate db = new JdbcTemplate(owner);
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> db.queryForObject(
                                "select count(*) from customers.purchase where tenant_id = ? and customer_id = ?",
                                Long.class,
                                shop.tenant.value(),
                                customer)
                        == 3);
        evaluate(shop, tea, cup, gift);
        assertThat(shop.tagsOf(customer)).as("before R1's refund").containsExactlyInAnyOrder("买过茶", "买过杯");

        // The same order again, now with its CUP line refunded in full (a webhook's later copy).
        post(
                shop,
                order(
                        "R1",
                        "partially_refunded",
                        now.minus(Duration.ofDays(5)),
                        20_000,
                        8_000,
                        List.of(line("TEA", 1, 12_000, null), line("CUP", 1, 8_000, 8_000))));
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> db.queryForObject(
                                "select p.refunded_fen from customers.purchase p join commerce.orders o"
                                        + " on o.tenant_id = p.tenant_id and o.id = p.order_id"
                                        + " where p.tenant_id = ? and o.order_no = 'R1'",
                                Long.class,
                                shop.tenant.value())
                        == 8_000);
        evaluate(shop, tea, cup, gift);
        assertThat(shop.tagsOf(customer)).as("after R1's refund").containsExactly("买过茶");

        CallContext.forTenant(shop.tenant, "test")
                .call(() -> transactions.execute(status -> values.recomputeAll(shop.tenant, SHANGHAI)));
        Map<String, Object> value = db.queryForMap(
                "select * from customers.customer_value where tenant_id = ? and customer_id = ?",
                shop.tenant.value(),
                customer);
        assertThat(value).containsEntry("orders", 2).containsEntry("net_spend_fen", 22_000L);
        assertThat(value).containsEntry("loyalty", "unclassified").containsEntry("loyalty_reason", "no_type_fits");
        assertThat(value.get("loyalty_reason_params").toString())
                .isEqualTo("{\"orders\": 2, \"averageFen\": 11000, \"dealOrders\": 0, \"refundedOrders\": 3,"
                        + " \"shortestGapDays\": 35}");

        LocalDate today = LocalDate.now(SHANGHAI);
        var period = CallContext.forTenant(shop.tenant, "test")
                .call(() -> figures.of(shop.tenant, SHANGHAI, today.minusDays(60), today.plusDays(1)));
        assertThat(period.gmvFen()).isEqualTo(22_000);
        assertThat(period.buyers()).isEqualTo(1);
        assertThat(period.aovFen()).isEqualTo(22_000);

        var refusedLine = shop.api.post(
                shop.path("/orders"),
                shop.admin,
                Map.of("orders", List.of(order("R9", "paid", now, 1_000, 500, List.of(line("TEA", 1, 1_000, 900))))));
        assertThat(refusedLine.status()).as(refusedLine.toString()).isEqualTo(200);
        assertThat(refusedLine.body().path("rejected").get(0).path("field").asString())
                .as("an order refund below its lines' refunds")
                .isEqualTo("orders[0].refundedFen");
        var overLine = shop.api.post(
                shop.path("/orders"),
                shop.admin,
                Map.of(
                        "orders",
                        List.of(order("R9", "paid", now, 1_000, null, List.of(line("TEA", 1, 1_000, 1_001))))));
        assertThat(overLine.status()).as(overLine.toString()).isEqualTo(200);
        assertThat(overLine.body().path("rejected").get(0).path("field").asString())
                .as("a line refund above the line's amount")
                .isEqualTo("orders[0].lines[0].refundedFen");
    }

    private static long rule(TagFixtures shop, long group, String name, String sku) {
        var created = shop.api.post(
                shop.path("/tags/groups/" + group + "/tags"),
                shop.admin,
                Map.of("name", name, "condition", Map.of("type", "boughtSku", "sku", sku, "days", 365)));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.body().path("id").asLong();
    }

    private static void evaluate(TagFixtures shop, long... tags) {
        for (long tag : tags) {
            var answer = shop.api.post(shop.path("/tags/" + tag + "/evaluate"), shop.admin, Map.of());
            assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        }
    }

    private static void post(TagFixtures shop, Map<String, Object> order) {
        var answer = shop.api.post(shop.path("/orders"), shop.admin, Map.of("orders", List.of(order)));
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
    }

    private static Map<String, Object> order(
            String no,
            String status,
            Instant paidAt,
            long paidFen,
            Number refundedFen,
            List<Map<String, Object>> lines) {
        Map<String, Object> order = new HashMap<>();
        order.put("platform", "other");
        order.put("orderNo", no);
        order.put("status", status);
        order.put("createdAt", paidAt.toString());
        order.put("paidAt", paidAt.toString());
        order.put("totalFen", paidFen);
        order.put("paidFen", paidFen);
        if (refundedFen != null) {
            order.put("refundedFen", refundedFen);
        }
        order.put("buyer", Map.of("unionid", "union-refund"));
        order.put("lines", new ArrayList<>(lines));
        return order;
    }

    private static Map<String, Object> line(String sku, int quantity, long amountFen, Number refundedFen) {
        Map<String, Object> line = new HashMap<>();
        line.put("sku", sku);
        line.put("title", sku);
        line.put("quantity", quantity);
        line.put("amountFen", amountFen);
        if (refundedFen != null) {
            line.put("refundedFen", refundedFen);
        }
        return line;
    }
}
