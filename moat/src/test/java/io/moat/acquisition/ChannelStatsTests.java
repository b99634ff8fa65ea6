package io.moat.acquisition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.moat.Api;
import io.moat.MoatTest;
import io.moat.acquisition.internal.Batches;
import io.moat.acquisition.internal.ChannelStats;
import io.moat.shared.TenantId;
import io.moat.shared.context.CallContext;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The acquisition figures of docs/metrics.md against a fixture computed by hand (November 2026, Asia/Shanghai),
 * channel X (own cost 100.00; a batch Nov 10–11 of 40 parcels, cards 200.00, benefits 100.00; a December batch
 * 500.00), period Nov 10 – Nov 12 (exclusive):
 *
 * <pre>
 * visits   Nov 9 anna ×5 (before)  Nov 10 anna ×3, bo ×1, nobody ×1   Nov 11 anna ×2
 * adds     c1 anna Nov 10, ended Nov 12 (2 days)   c2 anna Nov 10, ended Dec 5 (25 days)
 *          c3 bo Nov 10 23:30                        c4 anna Nov 11        c5 anna Nov 9 (before)
 * first    c1 c3 c4 c5 first came through X; c2 first came through Y (Oct 1)
 * orders   c1 50.00   c2 999.00   c3 120.00 and 30.00 refunded in full   c5 70.00
 *
 * scans 7, adds 4, join rate 4/7, deletions 2 (within 7 days 1, within 30 days 2), net adds 2;
 * cost 100 + 200 + 100 = 400.00 (December's batch does not overlap), cost per add 100.00;
 * attributed c1 c3 c4 (c2 came first through Y, c5 before the period): GMV 50 + 120 = 170.00, buyers 2, ROI 0.425.
 * batch: conversion 4/40 = 10 % "normal"; cost 300.00, per add 75.00; buyers of c1–c4: c1 c2 c3, GMV 1169.00.
 * </pre>
 */
@MoatTest
class ChannelStatsTests {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    @LocalServerPort
    int port;

    @Autowired
    ChannelStats stats;

    @Autowired
    Batches batches;

    @Autowired
    @Qualifier("ownerDataSource")
    DataSource owner;

    TenantId tenant;
    JdbcTemplate db;
    long x;
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
        x = channel("X", 10_000);
        long y = channel("Y", 0);
        batch = batch(x, 20_000, 10_000, LocalDate.of(2026, 11, 10), LocalDate.of(2026, 11, 11));
        batch(x, 50_000, 0, LocalDate.of(2026, 12, 1), LocalDate.of(2026, 12, 31));

        visits(x, "anna", local(11, 9, 12, 0), 5);
        visits(x, "anna", local(11, 10, 12, 0), 3);
        visits(x, "bo", local(11, 10, 12, 0), 1);
        visits(x, null, local(11, 10, 12, 0), 1);
        visits(x, "anna", local(11, 11, 9, 0), 2);

        arrival(x, "anna", "c1", local(11, 10, 10, 0), local(11, 12, 10, 0));
        arrival(x, "anna", "c2", local(11, 10, 11, 0), local(12, 5, 11, 0));
        arrival(x, "bo", "c3", local(11, 10, 23, 30), null);
        arrival(x, "anna", "c4", local(11, 11, 8, 0), null);
        arrival(x, "anna", "c5", local(11, 9, 8, 0), null);
        firstTouch("c1", x, local(11, 10, 10, 0));
        firstTouch("c2", y, local(10, 1, 12, 0));
        firstTouch("c3", x, local(11, 10, 23, 30));
        firstTouch("c4", x, local(11, 11, 8, 0));
        firstTouch("c5", x, local(11, 9, 8, 0));

        order(customer("c1"), 5_000, 0);
        order(customer("c2"), 99_900, 0);
        long c3 = customer("c3");
        order(c3, 12_000, 0);
        order(c3, 3_000, 3_000);
        customer("c4");
        order(customer("c5"), 7_000, 0);
    }

    @Test
    void theChannelsFiguresMatchTheHandComputedOnes() {
        var period = inTenant(() -> stats.of(tenant, x, LocalDate.of(2026, 11, 10), LocalDate.of(2026, 11, 12)));
        var totals = period.totals();

        assertThat(totals.scans()).isEqualTo(7);
        assertThat(totals.adds()).isEqualTo(4);
        assertThat(totals.joinRate()).isCloseTo(4.0 / 7, within(1e-9));
        assertThat(totals.deletions()).isEqualTo(2);
        assertThat(totals.deletions7()).isEqualTo(1);
        assertThat(totals.deletions30()).isEqualTo(2);
        assertThat(totals.netAdds()).isEqualTo(2);
        assertThat(totals.costFen()).isEqualTo(40_000);
        assertThat(totals.costPerAddFen()).isEqualTo(10_000);
        assertThat(totals.gmvFen()).isEqualTo(17_000);
        assertThat(totals.buyers()).isEqualTo(2);
        assertThat(totals.roi()).isCloseTo(0.425, within(1e-9));
        assertThat(period.rows())
                .extracting(r -> r.day() + " " + r.staffUserId() + " " + r.scans() + "/" + r.adds() + "/"
                        + r.deletions() + "/" + r.deletions7() + "/" + r.deletions30())
                .containsExactly(
                        "2026-11-10 null 1/0/0/0/0",
                        "2026-11-10 anna 3/2/2/1/2",
                        "2026-11-10 bo 1/1/0/0/0",
                        "2026-11-11 anna 2/1/0/0/0");
    }

    @Test
    void aDayWithoutScansHasNoJoinRateAndNoCostPerAdd() {
        var empty = inTenant(() -> stats.of(tenant, x, LocalDate.of(2026, 11, 20), LocalDate.of(2026, 11, 21)))
                .totals();
        assertThat(empty.scans()).isZero();
        assertThat(empty.joinRate()).isNull();
        assertThat(empty.costPerAddFen()).isNull();
        assertThat(empty.costFen()).isEqualTo(10_000);
    }

    @Test
    void theBatchFunnelMatchesTheHandComputedOne() {
        var funnel = inTenant(() -> batches.funnel(tenant, batch));

        assertThat(funnel.scans()).isEqualTo(7);
        assertThat(funnel.adds()).isEqualTo(4);
        assertThat(funnel.conversion()).isCloseTo(0.10, within(1e-9));
        assertThat(funnel.benchmark()).isEqualTo("normal");
        assertThat(funnel.costFen()).isEqualTo(30_000);
        assertThat(funnel.costPerAddFen()).isEqualTo(7_500);
        assertThat(funnel.buyers()).isEqualTo(3);
        assertThat(funnel.gmvFen()).isEqualTo(116_900);
        assertThat(funnel.roi()).isCloseTo(116_900.0 / 30_000, within(1e-9));
    }

    private <T> T inTenant(Supplier<T> work) {
        return CallContext.forTenant(tenant, "test").call(work);
    }

    private long channel(String name, long costFen) {
        return db.queryForObject("""
                insert into acquisition.channel (tenant_id, code, name, kind, rotation_mode, welcome, cost_fen,
                    public_base_url, created_at, updated_at)
                values (?, ?, ?, 'other', 'round_robin', '{"text":"hi","attachments":[],"variants":[]}', ?,
                    'http://localhost', now(), now()) returning id
                """, Long.class, tenant.value(), "code-" + name + tenant.value(), name, costFen);
    }

    private long batch(long channel, long card, long benefit, LocalDate from, LocalDate to) {
        return db.queryForObject(
                """
                insert into acquisition.batch (tenant_id, channel_id, name, parcels, card_cost_fen, benefit_cost_fen,
                    starts_on, ends_on, created_at) values (?, ?, 'b', 40, ?, ?, ?, ?, now()) returning id
                """, Long.class, tenant.value(), channel, card, benefit, Date.valueOf(from), Date.valueOf(to));
    }

    private void visits(long channel, String staff, Instant at, int count) {
        for (int i = 0; i < count; i++) {
            db.update(
                    """
                    insert into acquisition.visit (tenant_id, channel_id, visitor_id, at, day, staff_user_id, decision,
                        reason) values (?, ?, ?, ?, ?, ?, ?, 'fixture')
                    """,
                    tenant.value(),
                    channel,
                    "v" + i,
                    Timestamp.from(at),
                    Date.valueOf(LocalDate.ofInstant(at, SHANGHAI)),
                    staff,
                    staff == null ? "none" : "primary");
        }
    }

    private void arrival(long channel, String staff, String externalUserId, Instant at, Instant removed) {
        db.update(
                """
                insert into acquisition.arrival (tenant_id, channel_id, staff_user_id, external_user_id, state, added_at,
                    day, removed_at) values (?, ?, ?, ?, 's', ?, ?, ?)
                """,
                tenant.value(),
                channel,
                staff,
                externalUserId,
                Timestamp.from(at),
                Date.valueOf(LocalDate.ofInstant(at, SHANGHAI)),
                removed == null ? null : Timestamp.from(removed));
    }

    private void firstTouch(String externalUserId, long channel, Instant at) {
        db.update("""
                insert into acquisition.attribution (tenant_id, external_user_id, first_channel_id, first_at,
                    last_channel_id, last_at) values (?, ?, ?, ?, ?, ?)
                """, tenant.value(), externalUserId, channel, Timestamp.from(at), x, Timestamp.from(at));
    }

    private long customer(String externalUserId) {
        long id = db.queryForObject("""
                insert into customers.customer (tenant_id, number, source, created_at)
                values (?, ?, 'test', now()) returning id
                """, Long.class, tenant.value(), nextCustomer++);
        db.update("""
                insert into customers.identity (tenant_id, kind, value, customer_id, source, confidence, linked_at)
                values (?, 'external_userid', ?, ?, 'test', 'certain', now())
                """, tenant.value(), externalUserId, id);
        return id;
    }

    private void order(long customer, long paidFen, long refundedFen) {
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
                Timestamp.from(local(11, 1, 12, 0)));
    }

    private static Instant local(int month, int day, int hour, int minute) {
        return LocalDateTime.of(2026, month, day, hour, minute).atZone(SHANGHAI).toInstant();
    }
}
