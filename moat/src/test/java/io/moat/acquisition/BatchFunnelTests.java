package io.moat.acquisition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.moat.Api;
import io.moat.MoatTest;
import io.moat.acquisition.internal.Batches;
import io.moat.shared.TenantId;
import io.moat.shared.context.CallContext;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The whole package-card batch funnel of docs/metrics.md ("Acquisition") against a fixture computed by hand (Asia/
 * Shanghai). Channel X, batch Nov 10–11 2026: 40 parcels, cards 100.00, benefits 50.00.
 *
 * <pre>
 * visits  Nov 10 ×20, Nov 11 ×10
 * adds    d1 Nov 10 10:00   d2 Nov 10 11:00   d3 Nov 11 09:00   d4 Nov 11 10:00
 *         d5 Nov 11 12:00, relation ended Nov 13   d6 Nov 9 (before the batch)
 *         (d2 has followed bo since Oct 1 as well)
 * claims  d1 Nov 10 12:00   d2 Nov 10 11:30   d6 Nov 9 13:00
 * orders  d1 Nov 1 50.00 (before the add), Nov 20 60.00, Dec 10 40.00
 *         d2 Nov 5 80.00 (a private-domain order through bo, but before the add; nothing after)
 *         d3 Nov 15 30.00, Nov 25 10.00 refunded in full, Jan 20 2027 20.00
 *         d4 Nov 12 45.00 refunded in full
 *         d5 Nov 14 25.00 (after the relation ended: not a private-domain order)
 *         d6 Nov 20 99.00
 *
 * parcels 40 → scans 30 → adds 5 (d1–d5) → benefit claimed 2 (d1 d2) → first private-domain order 2 (d1 Nov 20,
 * d3 Nov 15; d2 ordered only before adding, d4's order was refunded, d5 had left) → repurchase within 30 days 1
 * (d1: Dec 10 is 20 days after; d3's Nov 25 order does not count) = 50 %, within 90 days 2 (d3: Jan 20 is 66 days
 * after) = 100 %. Conversion 5/40 = 12.5 % "normal"; cost 150.00, per add 30.00; buyers d1 d2 d3 d5 = 4,
 * GMV 150 + 80 + 50 + 25 = 305.00, ROI 305/150.
 * </pre>
 */
@MoatTest
class BatchFunnelTests {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    @LocalServerPort
    int port;

    @Autowired
    Batches batches;

    @Autowired
    @Qualifier("ownerDataSource")
    DataSource owner;

    TenantId tenant;
    JdbcTemplate db;
    long batch;
    int nextCustomer = 1;
    long nextOrder = 1;

    @BeforeEach
    void fixture() {
        Api api = new Api(port);
        String slug = api.newWorkspace(api.admin());
        db = new JdbcTemplate(owner);
        tenant = new TenantId(
                db.queryForObject("select tenant_id from workspace.workspace where slug = ?", Long.class, slug));
        long x = db.queryForObject("""
                insert into acquisition.channel (tenant_id, code, name, kind, rotation_mode, welcome, cost_fen,
                    public_base_url, created_at, updated_at)
                values (?, ?, 'X', 'package_card', 'round_robin', '{"text":"hi","attachments":[],"variants":[]}', 0,
                    'http://localhost', now(), now()) returning id
                """, Long.class, tenant.value(), "code-X" + tenant.value());
        batch = db.queryForObject(
                """
                insert into acquisition.batch (tenant_id, channel_id, name, parcels, card_cost_fen, benefit_cost_fen,
                    starts_on, ends_on, created_at) values (?, ?, 'b', 40, 10000, 5000, ?, ?, now()) returning id
                """,
                Long.class,
                tenant.value(),
                x,
                Date.valueOf(LocalDate.of(2026, 11, 10)),
                Date.valueOf(LocalDate.of(2026, 11, 11)));
        visits(x, local(11, 10, 9), 20);
        visits(x, local(11, 11, 9), 10);

        long d1 = added(x, "d1", local(11, 10, 10), null);
        long d2 = added(x, "d2", local(11, 10, 11), null);
        // d2 already followed bo since Oct 1, so their Nov 5 order is a private-domain order, but not after this add.
        db.update("""
                insert into customers.staff_relation (tenant_id, customer_id, staff_user_id, added_at)
                values (?, ?, 'bo', ?)
                """, tenant.value(), d2, Timestamp.from(local(10, 1, 12)));
        long d3 = added(x, "d3", local(11, 11, 9), null);
        long d4 = added(x, "d4", local(11, 11, 10), null);
        long d5 = added(x, "d5", local(11, 11, 12), local(11, 13, 12));
        long d6 = added(x, "d6", local(11, 9, 12), null);

        claimed(d1, local(11, 10, 12));
        claimed(d2, local(11, 10, 11).plusSeconds(1800));
        claimed(d6, local(11, 9, 13));

        order(d1, 5_000, 0, local(11, 1, 12));
        order(d1, 6_000, 0, local(11, 20, 12));
        order(d1, 4_000, 0, local(12, 10, 12));
        order(d2, 8_000, 0, local(11, 5, 12));
        order(d3, 3_000, 0, local(11, 15, 12));
        order(d3, 1_000, 1_000, local(11, 25, 12));
        order(
                d3,
                2_000,
                0,
                LocalDateTime.of(2027, 1, 20, 12, 0).atZone(SHANGHAI).toInstant());
        order(d4, 4_500, 4_500, local(11, 12, 12));
        order(d5, 2_500, 0, local(11, 14, 12));
        order(d6, 9_900, 0, local(11, 20, 12));
    }

    @Test
    void everyStageOfTheBatchFunnelMatchesTheHandComputedOne() {
        var funnel = CallContext.forTenant(tenant, "test").call(() -> batches.funnel(tenant, batch));

        assertThat(funnel.batch().parcels()).isEqualTo(40);
        assertThat(funnel.scans()).isEqualTo(30);
        assertThat(funnel.adds()).isEqualTo(5);
        assertThat(funnel.claimed()).isEqualTo(2);
        assertThat(funnel.firstOrders()).isEqualTo(2);
        assertThat(funnel.repurchased30()).isEqualTo(1);
        assertThat(funnel.repurchased90()).isEqualTo(2);
        assertThat(funnel.repurchaseRate30()).isCloseTo(0.5, within(1e-9));
        assertThat(funnel.repurchaseRate90()).isCloseTo(1.0, within(1e-9));
        assertThat(funnel.conversion()).isCloseTo(0.125, within(1e-9));
        assertThat(funnel.benchmark()).isEqualTo("normal");
        assertThat(funnel.costFen()).isEqualTo(15_000);
        assertThat(funnel.costPerAddFen()).isEqualTo(3_000);
        assertThat(funnel.buyers()).isEqualTo(4);
        assertThat(funnel.gmvFen()).isEqualTo(30_500);
        assertThat(funnel.roi()).isCloseTo(30_500.0 / 15_000, within(1e-9));
    }

    @Test
    void withoutFirstPrivateDomainOrdersTheRepurchaseRatesAreEmpty() {
        db.update("delete from customers.purchase where tenant_id = ?", tenant.value());

        var funnel = CallContext.forTenant(tenant, "test").call(() -> batches.funnel(tenant, batch));

        assertThat(funnel.claimed()).isEqualTo(2);
        assertThat(funnel.firstOrders()).isZero();
        assertThat(funnel.repurchased30()).isZero();
        assertThat(funnel.repurchaseRate30()).isNull();
        assertThat(funnel.repurchaseRate90()).isNull();
    }

    private void visits(long channel, Instant at, int count) {
        for (int i = 0; i < count; i++) {
            db.update(
                    """
                    insert into acquisition.visit (tenant_id, channel_id, visitor_id, at, day, staff_user_id, decision,
                        reason) values (?, ?, ?, ?, ?, 'anna', 'primary', 'fixture')
                    """,
                    tenant.value(),
                    channel,
                    "v" + i,
                    Timestamp.from(at),
                    Date.valueOf(LocalDate.ofInstant(at, SHANGHAI)));
        }
    }

    /** An add through the channel: the arrival, the profile with its WeCom id, and its relation to anna. */
    private long added(long channel, String externalUserId, Instant at, Instant removed) {
        db.update(
                """
                insert into acquisition.arrival (tenant_id, channel_id, staff_user_id, external_user_id, state, added_at,
                    day, removed_at) values (?, ?, 'anna', ?, 's', ?, ?, ?)
                """,
                tenant.value(),
                channel,
                externalUserId,
                Timestamp.from(at),
                Date.valueOf(LocalDate.ofInstant(at, SHANGHAI)),
                removed == null ? null : Timestamp.from(removed));
        long id = db.queryForObject("""
                insert into customers.customer (tenant_id, number, source, created_at)
                values (?, ?, 'test', now()) returning id
                """, Long.class, tenant.value(), nextCustomer++);
        db.update("""
                insert into customers.identity (tenant_id, kind, value, customer_id, source, confidence, linked_at)
                values (?, 'external_userid', ?, ?, 'test', 'certain', now())
                """, tenant.value(), externalUserId, id);
        db.update(
                """
                insert into customers.staff_relation (tenant_id, customer_id, staff_user_id, state, added_at, removed_at,
                    removed_by) values (?, ?, 'anna', 's', ?, ?, ?)
                """,
                tenant.value(),
                id,
                Timestamp.from(at),
                removed == null ? null : Timestamp.from(removed),
                removed == null ? null : "customer");
        return id;
    }

    private void claimed(long customer, Instant at) {
        db.update("""
                insert into customers.timeline_event (tenant_id, customer_id, occurred_at, kind, source_ref)
                values (?, ?, ?, 'claimed_order', ?)
                """, tenant.value(), customer, Timestamp.from(at), "claim:" + customer);
    }

    private void order(long customer, long paidFen, long refundedFen, Instant paidAt) {
        long id = nextOrder++;
        db.update(
                """
                insert into customers.purchase (tenant_id, order_id, customer_id, platform, order_no, status, paid_fen,
                    refunded_fen, paid_at) values (?, ?, ?, 'taobao', ?, ?, ?, ?, ?)
                """,
                tenant.value(),
                id,
                customer,
                "T" + id,
                refundedFen > 0 ? "refunded" : "finished",
                paidFen,
                refundedFen,
                Timestamp.from(paidAt));
    }

    private static Instant local(int month, int day, int hour) {
        return LocalDateTime.of(2026, month, day, hour, 0).atZone(SHANGHAI).toInstant();
    }
}
