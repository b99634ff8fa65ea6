package io.moat.tags;

import static org.assertj.core.api.Assertions.assertThat;

import io.moat.Api;
import io.moat.MoatTest;
import io.moat.commerce.BuyerIdentity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpMethod;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Rule tags on a hand-made fixture: exactly the customers meeting the condition carry the tag, and they follow
 * changes (a refund, a new condition) on re-evaluation.
 *
 * <pre>
 * customer  channel   counting orders (net, paid)               facts
 * 王 (A)     pkgcard   300.00 10 days ago, 250.00 40 days ago    2 orders, average 275.00, last 10 days ago
 * 李 (B)     —         50.00 200 days ago (marketplace buyer)    1 order, average 50.00, last 200 days ago
 * 赵 (C)     live      —                                         no orders
 * </pre>
 */
@MoatTest
class RuleTagTests {

    @LocalServerPort
    int port;

    @Autowired
    @Qualifier("ownerDataSource")
    DataSource owner;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    TransactionTemplate transactions;

    TagFixtures shop;
    Api api;
    long wang;
    long li;
    long zhao;
    long rules;

    @BeforeEach
    void fixture() {
        shop = new TagFixtures(port, owner, events, transactions);
        api = shop.api;
        Instant now = Instant.now();
        wang = shop.added("wm-wang", "zhangsan", "pkgcard");
        shop.refreshed("wm-wang", "union-wang");
        shop.ordered(
                1, new BuyerIdentity(null, null, "union-wang", null, null), 30_000, 0, now.minus(Duration.ofDays(10)));
        shop.ordered(
                2, new BuyerIdentity(null, null, "union-wang", null, null), 25_000, 0, now.minus(Duration.ofDays(40)));
        shop.ordered(3, new BuyerIdentity("li", "tb-li", null, null, null), 5_000, 0, now.minus(Duration.ofDays(200)));
        li = shop.customerByIdentity("buyer", "taobao:tb-li");
        zhao = shop.added("wm-zhao", "lisi", "live");
        rules = shop.group("价值分层", "rule", List.of()).path("id").asLong();
    }

    @Test
    void exactlyTheCustomersMeetingTheConditionCarryTheTag() {
        long bigSpender = rule(
                "高客单复购",
                Map.of(
                        "type",
                        "allOf",
                        "conditions",
                        List.of(
                                Map.of("type", "orderCountAtLeast", "count", 2),
                                Map.of("type", "averageOrderAbove", "fen", 20_000))));
        long recentOrCard = rule(
                "近期或包裹卡",
                Map.of(
                        "type",
                        "anyOf",
                        "conditions",
                        List.of(
                                Map.of("type", "boughtWithin", "days", 90),
                                Map.of("type", "cameFromChannel", "state", "pkgcard"))));
        long neverBought =
                rule("未购", Map.of("type", "not", "condition", Map.of("type", "orderCountAtLeast", "count", 1)));
        long lapsed = rule(
                "沉睡买家",
                Map.of(
                        "type",
                        "allOf",
                        "conditions",
                        List.of(
                                Map.of("type", "orderCountAtLeast", "count", 1),
                                Map.of("type", "not", "condition", Map.of("type", "boughtWithin", "days", 90)))));

        JsonNode evaluation = evaluate(bigSpender);
        evaluate(recentOrCard);
        evaluate(neverBought);
        evaluate(lapsed);

        assertThat(evaluation.path("matched").asLong()).isEqualTo(1);
        assertThat(evaluation.path("added").asLong()).isEqualTo(1);
        assertThat(shop.tagsOf(wang)).containsExactlyInAnyOrder("高客单复购", "近期或包裹卡");
        assertThat(shop.tagsOf(li)).containsExactly("沉睡买家");
        assertThat(shop.tagsOf(zhao)).containsExactly("未购");
        JsonNode shown = api.get(shop.path("/customers/" + zhao + "/tags"), shop.admin)
                .body()
                .path("tags")
                .get(0);
        assertThat(shown.path("source").asString()).isEqualTo("rule");
        assertThat(evaluate(bigSpender).path("added").asLong())
                .as("evaluating again changes nothing")
                .isZero();
    }

    @Test
    void theTagFollowsARefundAndANewCondition() {
        long bigSpender = rule("高客单", Map.of("type", "averageOrderAbove", "fen", 26_000));
        evaluate(bigSpender);
        assertThat(shop.tagsOf(wang)).containsExactly("高客单");

        shop.ordered(
                1,
                new BuyerIdentity(null, null, "union-wang", null, null),
                30_000,
                30_000,
                Instant.now().minus(Duration.ofDays(10)));
        JsonNode afterRefund = evaluate(bigSpender);

        assertThat(afterRefund.path("removed").asLong()).isEqualTo(1);
        assertThat(shop.tagsOf(wang)).isEmpty();

        var changed = api.call(
                HttpMethod.PATCH,
                shop.path("/tags/" + bigSpender),
                shop.admin,
                Map.of("condition", Map.of("type", "averageOrderAbove", "fen", 4_000)));
        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
        assertThat(changed.body().path("condition").path("fen").asLong()).isEqualTo(4_000);
        evaluate(bigSpender);
        assertThat(shop.tagsOf(wang)).containsExactly("高客单");
        assertThat(shop.tagsOf(li)).containsExactly("高客单");
    }

    @Test
    void boughtSkuCategoryAndRoleFollowOrdersAndTheirRefunds() {
        var db = new org.springframework.jdbc.core.JdbcTemplate(owner);
        db.update(
                "insert into commerce.product (tenant_id, sku, name, category, role, updated_at)"
                        + " values (?, 'SKU-X', '坚果礼盒', '坚果', 'hero', now())",
                shop.tenant.value());
        String orderNo = "9" + System.nanoTime();
        Instant paid = Instant.now().minus(Duration.ofDays(5)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        var recorded = order(orderNo, paid, "paid", 0);
        assertThat(recorded.status()).as(recorded.toString()).isEqualTo(200);
        assertThat(recorded.body().toString()).as(recorded.toString()).doesNotContain("\"errors\":[{");
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> db.queryForObject(
                                "select count(*) from customers.purchase where tenant_id = ? and customer_id = ?"
                                        + " and order_id = (select id from commerce.orders where order_no = ?)",
                                Long.class,
                                shop.tenant.value(),
                                wang,
                                orderNo)
                        == 1);
        long sku = rule("买过X", Map.of("type", "boughtSku", "sku", "SKU-X", "days", 90));
        long category = rule("买过坚果", Map.of("type", "boughtCategory", "category", "坚果", "days", 90));
        long role = rule("买过主推款", Map.of("type", "boughtRole", "role", "hero", "days", 90));
        long lately = rule("三天内买过X", Map.of("type", "boughtSku", "sku", "SKU-X", "days", 3));
        for (long tag : List.of(sku, category, role, lately)) {
            evaluate(tag);
        }
        assertThat(shop.tagsOf(wang)).contains("买过X", "买过坚果", "买过主推款").doesNotContain("三天内买过X");
        assertThat(shop.tagsOf(li)).isEmpty();

        assertThat(order(orderNo, paid, "refunded", 12_900).status()).isEqualTo(200);
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> db.queryForObject(
                                "select refunded_fen from customers.purchase where tenant_id = ?"
                                        + " and order_id = (select id from commerce.orders where order_no = ?)",
                                Long.class,
                                shop.tenant.value(),
                                orderNo)
                        == 12_900);
        for (long tag : List.of(sku, category, role)) {
            evaluate(tag);
        }
        assertThat(shop.tagsOf(wang)).doesNotContain("买过X", "买过坚果", "买过主推款");

        var badRole = api.post(
                shop.path("/tags/groups/" + rules + "/tags"),
                shop.admin,
                Map.of("name", "坏", "condition", Map.of("type", "boughtRole", "role", "vip", "days", 30)));
        assertThat(badRole.status()).isEqualTo(400);
        assertThat(Api.fields(badRole)).containsExactly("condition.role");
    }

    private Api.Answer order(String orderNo, Instant paidAt, String status, long refundedFen) {
        return api.post(
                shop.path("/orders"),
                shop.admin,
                Map.of(
                        "orders",
                        List.of(Map.of(
                                "platform",
                                "taobao",
                                "orderNo",
                                orderNo,
                                "status",
                                status,
                                "createdAt",
                                paidAt.toString(),
                                "paidAt",
                                paidAt.toString(),
                                "totalFen",
                                12_900,
                                "paidFen",
                                12_900,
                                "refundedFen",
                                refundedFen,
                                "buyer",
                                Map.of("unionid", "union-wang"),
                                "lines",
                                List.of(Map.of(
                                        "sku", "SKU-X", "title", "坚果礼盒", "quantity", 1, "amountFen", 12_900))))));
    }

    @Test
    void ruleTagsCannotBeAssignedByHand() {
        long rule = rule("复购", Map.of("type", "orderCountAtLeast", "count", 2));

        var byHand = api.post(shop.path("/customers/" + zhao + "/tags"), shop.admin, Map.of("add", List.of(rule)));

        assertThat(byHand.status()).isEqualTo(400);
        assertThat(Api.fields(byHand)).containsExactly("add");
    }

    private long rule(String name, Map<String, ?> condition) {
        var created = api.post(
                shop.path("/tags/groups/" + rules + "/tags"), shop.admin, Map.of("name", name, "condition", condition));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.body().path("id").asLong();
    }

    private JsonNode evaluate(long tag) {
        var answer = api.post(shop.path("/tags/" + tag + "/evaluate"), shop.admin, Map.of());
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        return answer.body();
    }
}
