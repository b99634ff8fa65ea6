package io.moat.customers;

import static org.assertj.core.api.Assertions.assertThat;

import io.moat.Api;
import io.moat.MoatTest;
import io.moat.commerce.BuyerIdentity;
import io.moat.commerce.OrderStatus;
import io.moat.commerce.OrdersRecorded;
import io.moat.commerce.Platform;
import io.moat.commerce.RecordedOrder;
import io.moat.customers.internal.Identity;
import io.moat.customers.internal.Profiles;
import io.moat.shared.TenantId;
import io.moat.shared.context.CallContext;
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
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** Order to fan: orders are linked to the profile their buyer's identities point at, once, whatever repeats. */
@MoatTest
class OrderLinkingTests {

    @LocalServerPort
    int port;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    Profiles profiles;

    @Autowired
    io.moat.customers.internal.OrderMatching matching;

    @Autowired
    @Qualifier("ownerDataSource")
    DataSource owner;

    TenantId tenant;
    JdbcTemplate db;
    final Instant paid = Instant.parse("2026-11-01T04:00:00Z");

    @BeforeEach
    void workspace() {
        Api api = new Api(port);
        String slug = api.newWorkspace(api.admin());
        db = new JdbcTemplate(owner);
        tenant = new TenantId(
                db.queryForObject("select tenant_id from workspace.workspace where slug = ?", Long.class, slug));
    }

    @Test
    void anOrderWithTheFansUnionidJoinsTheFansProfile() {
        long fan = CallContext.forTenant(tenant, "test")
                .call(() -> transactions.execute(status -> profiles.resolve(
                        tenant,
                        List.of(Identity.externalUserId("wm-fan"), Identity.unionid("union-1")),
                        "wecom",
                        paid)));

        record(order(101, "T101", new BuyerIdentity("小明", "open-1", "union-1", null, null)));

        assertThat(purchase(101)).containsEntry("customer_id", fan).containsEntry("linked_by", "unionid");
        assertThat(db.queryForObject(
                        "select count(*) from customers.timeline_event where tenant_id = ? and customer_id = ?"
                                + " and kind = 'ordered'",
                        Long.class,
                        tenant.value(),
                        fan))
                .isEqualTo(1);
    }

    @Test
    void thePhoneHashOrBuyerIdFindsTheSameBuyerAcrossOrders() {
        record(
                order(201, "T201", new BuyerIdentity("nick-a", "open-2", null, null, "hash-2")),
                order(202, "T202", new BuyerIdentity("nick-b", null, null, null, "hash-2")),
                order(203, "T203", new BuyerIdentity(null, "open-2", null, null, null)));

        Object buyer = purchase(201).get("customer_id");
        assertThat(buyer).isNotNull();
        assertThat(purchase(202).get("customer_id")).isEqualTo(buyer);
        assertThat(purchase(203).get("customer_id")).isEqualTo(buyer);
        assertThat(db.queryForObject(
                        "select source from customers.customer where tenant_id = ? and id = ?",
                        String.class,
                        tenant.value(),
                        buyer))
                .isEqualTo("order");
    }

    @Test
    void oneBatchJoinsOrdersThatShareAnIdentityAndMergesTheProfilesTheyProveToBeOne() {
        long older = CallContext.forTenant(tenant, "test")
                .call(() -> transactions.execute(
                        status -> profiles.resolve(tenant, List.of(Identity.unionid("union-9")), "wecom", paid)));
        long newer = CallContext.forTenant(tenant, "test")
                .call(() -> transactions.execute(
                        status -> profiles.resolve(tenant, List.of(Identity.phoneHash("hash-9")), "wecom", paid)));

        // 501 and 503 meet only through 502, which carries both of their identities
        record(
                order(501, "T501", new BuyerIdentity(null, "open-9", null, null, "hash-9")),
                order(502, "T502", new BuyerIdentity(null, "open-9", "union-9", null, null)),
                order(503, "T503", new BuyerIdentity("nick-9", "open-10", "union-9", null, null)),
                order(504, "T504", new BuyerIdentity("nick-9", "open-11", null, null, null)));

        assertThat(purchase(501).get("customer_id")).isEqualTo(older);
        assertThat(purchase(502).get("customer_id")).isEqualTo(older);
        assertThat(purchase(503).get("customer_id")).isEqualTo(older);
        assertThat(purchase(501)).containsEntry("linked_by", "phone_hash");
        assertThat(db.queryForObject(
                        "select merged_into from customers.customer where tenant_id = ? and id = ?",
                        Long.class,
                        tenant.value(),
                        newer))
                .isEqualTo(older);
        // 504 shares only a nickname: a profile of its own, and a suggestion to merge
        Object other = purchase(504).get("customer_id");
        assertThat(other).isNotNull().isNotEqualTo(older);
        assertThat(db.queryForObject(
                        "select count(*) from customers.merge_suggestion where tenant_id = ? and customer_id = ?"
                                + " and candidate_id = ?",
                        Long.class,
                        tenant.value(),
                        older,
                        other))
                .isEqualTo(1);
        assertThat(db.queryForObject(
                        "select count(*) from customers.customer where tenant_id = ? and merged_into is null",
                        Long.class,
                        tenant.value()))
                .isEqualTo(2);
    }

    @Test
    void anOrderWithoutUsableIdentityStaysUnlinkedAndRepeatsChangeNothing() {
        var anonymous = order(301, "T301", new BuyerIdentity(null, null, null, null, null));
        var known = order(302, "T302", new BuyerIdentity("n", "open-3", null, null, null));

        record(anonymous, known);
        record(anonymous, known);

        assertThat(purchase(301).get("customer_id")).isNull();
        assertThat(db.queryForObject(
                        "select count(*) from customers.purchase where tenant_id = ?", Long.class, tenant.value()))
                .isEqualTo(2);
        assertThat(db.queryForObject(
                        "select count(*) from customers.timeline_event where tenant_id = ? and kind = 'ordered'",
                        Long.class,
                        tenant.value()))
                .isEqualTo(1);
    }

    @Test
    void aLaterRefundIsRecordedOnThePurchaseAndTheTimeline() {
        var buyer = new BuyerIdentity(null, "open-4", null, null, null);
        record(order(401, "T401", buyer));
        record(new RecordedOrder(401, Platform.TAOBAO, "T401", OrderStatus.REFUNDED, 9_900, 9_900, paid, buyer));

        assertThat(purchase(401)).containsEntry("status", "refunded").containsEntry("refunded_fen", 9_900L);
        assertThat(db.queryForObject(
                        "select count(*) from customers.timeline_event where tenant_id = ? and kind = 'refunded'",
                        Long.class,
                        tenant.value()))
                .isEqualTo(1);
    }

    @Test
    void theMatchRateCountsLinkedOrdersAndOrdersOfFansPerPlatform() {
        CallContext.forTenant(tenant, "test")
                .run(() -> transactions.executeWithoutResult(status -> profiles.resolve(
                        tenant, List.of(Identity.externalUserId("wm-m"), Identity.unionid("union-m")), "wecom", paid)));
        db.update(
                "insert into customers.staff_relation (tenant_id, customer_id, staff_user_id, added_at) "
                        + "select tenant_id, customer_id, 'zhangsan', now() from customers.identity where tenant_id = ? "
                        + "and kind = 'unionid' and value = 'union-m'",
                tenant.value());
        record(
                order(501, "T501", new BuyerIdentity(null, null, "union-m", null, null)),
                order(502, "T502", new BuyerIdentity(null, "open-5", null, null, null)),
                order(503, "T503", new BuyerIdentity(null, null, null, null, null)),
                order(504, "T504", new BuyerIdentity(null, null, null, null, null)));

        var match = CallContext.forTenant(tenant, "test")
                .call(() -> matching.byPlatform(tenant))
                .getFirst();

        assertThat(match.platform()).isEqualTo("taobao");
        assertThat(match.orders()).isEqualTo(4);
        assertThat(match.linked()).isEqualTo(2);
        assertThat(match.toFans()).isEqualTo(1);
        assertThat(match.rate()).isEqualTo(0.5);
        assertThat(match.fanRate()).isEqualTo(0.25);
        assertThat(match.byIdentity()).containsEntry("unionid", 1L).containsEntry("buyer", 1L);
    }

    private RecordedOrder order(long id, String orderNo, BuyerIdentity buyer) {
        return new RecordedOrder(id, Platform.TAOBAO, orderNo, OrderStatus.PAID, 9_900, 0, paid, buyer);
    }

    private void record(RecordedOrder... orders) {
        CallContext.forTenant(tenant, "test")
                .run(() -> transactions.executeWithoutResult(
                        status -> events.publishEvent(new OrdersRecorded(tenant, List.of(orders)))));
    }

    private Map<String, Object> purchase(long orderId) {
        return db.queryForMap(
                "select * from customers.purchase where tenant_id = ? and order_id = ?", tenant.value(), orderId);
    }
}
