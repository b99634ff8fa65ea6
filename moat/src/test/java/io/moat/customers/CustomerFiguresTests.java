package io.moat.customers;

import static org.assertj.core.api.Assertions.assertThat;

import io.moat.Api;
import io.moat.MoatTest;
import io.moat.shared.TenantId;
import io.moat.shared.context.CallContext;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The workspace figures of docs/metrics.md against a fixture computed by hand (November 2026, Asia/Shanghai):
 *
 * <pre>
 * A  fan since Oct 1       orders Oct 15 (100.00, before the period), Nov 5 (200.00)
 * B  fan since Nov 10      orders Nov 3 (50.00, not yet a fan), Nov 12 (150.00), Nov 20 (80.00, refunded in full)
 * C  fan Nov 1 – Nov 15    orders Nov 14 (300.00), Nov 16 (70.00, after deleting the staff member)
 * D  never a fan           order Nov 8 (90.00)
 * E  fan since Nov 2       no orders
 * F  fan since Oct 1       orders Nov 30 23:30 (10.00) and Dec 1 00:10 (20.00), local time
 *
 * GMV = 200 + 150 + 300 + 10 = 660.00; buyers A B C F = 4; AOV 165.00; new buyers B C F = 3 (A first bought in
 * October); adds B C E = 3, deletions C = 1; repurchase cohort (first order in November) B C D F, of whom B C F
 * bought again within 30 days: 3/4. LTV: October A F spent 300 + 30 since = 165.00 each; November B C E spent
 * 150 + 370 + 0 = 173.33 each (B's 50.00 was before it was added).
 * </pre>
 */
@MoatTest
class CustomerFiguresTests {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    @LocalServerPort
    int port;

    @Autowired
    CustomerFigures figures;

    @Autowired
    @Qualifier("ownerDataSource")
    DataSource owner;

    TenantId tenant;
    JdbcTemplate db;
    long nextOrder = 1;

    @BeforeEach
    void fixture() {
        Api api = new Api(port);
        String slug = api.newWorkspace(api.admin());
        db = new JdbcTemplate(owner);
        tenant = new TenantId(
                db.queryForObject("select tenant_id from workspace.workspace where slug = ?", Long.class, slug));

        long a = customer(1, local(10, 1, 12, 0));
        fan(a, local(10, 1, 12, 0), null);
        order(a, local(10, 15, 12, 0), 10_000, 0);
        order(a, local(11, 5, 12, 0), 20_000, 0);

        long b = customer(2, local(11, 10, 12, 0));
        fan(b, local(11, 10, 12, 0), null);
        order(b, local(11, 3, 12, 0), 5_000, 0);
        order(b, local(11, 12, 12, 0), 15_000, 0);
        order(b, local(11, 20, 12, 0), 8_000, 8_000);

        long c = customer(3, local(11, 1, 12, 0));
        fan(c, local(11, 1, 12, 0), local(11, 15, 12, 0));
        order(c, local(11, 14, 12, 0), 30_000, 0);
        order(c, local(11, 16, 12, 0), 7_000, 0);

        long d = customer(4, null);
        order(d, local(11, 8, 12, 0), 9_000, 0);

        long e = customer(5, local(11, 2, 12, 0));
        fan(e, local(11, 2, 12, 0), null);

        long f = customer(6, local(10, 1, 12, 0));
        fan(f, local(10, 1, 12, 0), null);
        order(f, local(11, 30, 23, 30), 1_000, 0);
        order(f, LocalDateTime.of(2026, 12, 1, 0, 10).atZone(SHANGHAI).toInstant(), 2_000, 0);
    }

    @Test
    void novemberMatchesTheHandComputedFigures() {
        var november =
                inTenant(() -> figures.of(tenant, SHANGHAI, LocalDate.of(2026, 11, 1), LocalDate.of(2026, 12, 1)));

        assertThat(november.gmvFen()).isEqualTo(66_000);
        assertThat(november.buyers()).isEqualTo(4);
        assertThat(november.aovFen()).isEqualTo(16_500);
        assertThat(november.newBuyers()).isEqualTo(3);
        assertThat(november.returningBuyers()).isEqualTo(1);
        assertThat(november.adds()).isEqualTo(3);
        assertThat(november.deletions()).isEqualTo(1);
        assertThat(november.netGrowth()).isEqualTo(2);
        assertThat(november.repurchaseRate30()).isEqualTo(0.75);
        assertThat(november.repurchaseRate90()).isEqualTo(0.75);
    }

    @Test
    void theDayAfterTheMonthBelongsToDecember() {
        var december =
                inTenant(() -> figures.of(tenant, SHANGHAI, LocalDate.of(2026, 12, 1), LocalDate.of(2027, 1, 1)));

        assertThat(december.gmvFen()).isEqualTo(2_000);
        assertThat(december.buyers()).isEqualTo(1);
        assertThat(december.newBuyers()).isZero();
    }

    @Test
    void lifetimeValueByAcquisitionMonthMatchesTheHandComputedCohorts() {
        var cohorts = inTenant(
                () -> figures.ltvByAcquisitionMonth(tenant, SHANGHAI, YearMonth.of(2026, 10), YearMonth.of(2026, 11)));

        assertThat(cohorts).extracting(CustomerFigures.Cohort::customers).containsExactly(2L, 3L);
        assertThat(cohorts).extracting(CustomerFigures.Cohort::netSpendFen).containsExactly(33_000L, 52_000L);
        assertThat(cohorts).extracting(CustomerFigures.Cohort::ltvFen).containsExactly(16_500L, 17_333L);
    }

    @Test
    void distributionCountsProfilesByStageAndLoyaltyWithTheUncomputedApart() {
        java.util.List<Long> ids = db.queryForList(
                "select id from customers.customer where tenant_id = ? and merged_into is null order by id",
                Long.class,
                tenant.value());
        value(ids.get(0), "repeat_buyer", "need_driven");
        value(ids.get(1), "active", "need_driven");

        var distribution = inTenant(() -> figures.distribution(tenant));

        assertThat(distribution.stages())
                .containsOnly(
                        java.util.Map.entry("repeat_buyer", 1L),
                        java.util.Map.entry("active", 1L),
                        java.util.Map.entry("not_computed", ids.size() - 2L));
        assertThat(distribution.loyalty())
                .containsOnly(
                        java.util.Map.entry("need_driven", 2L), java.util.Map.entry("not_computed", ids.size() - 2L));
    }

    private void value(long customer, String stage, String loyalty) {
        db.update("""
                insert into customers.customer_value (tenant_id, customer_id, stage, loyalty, loyalty_reason, orders,
                    net_spend_fen, computed_at) values (?, ?, ?, ?, 'test', 2, 30000, now())
                on conflict (tenant_id, customer_id) do update set stage = excluded.stage, loyalty = excluded.loyalty
                """, tenant.value(), customer, stage, loyalty);
    }

    private <T> T inTenant(java.util.function.Supplier<T> work) {
        return CallContext.forTenant(tenant, "test").call(work);
    }

    private long customer(int number, Instant firstAdded) {
        return db.queryForObject(
                """
                insert into customers.customer (tenant_id, number, source, created_at, first_added_at)
                values (?, ?, 'test', now(), ?) returning id
                """, Long.class, tenant.value(), number, firstAdded == null ? null : Timestamp.from(firstAdded));
    }

    private void fan(long customer, Instant added, Instant removed) {
        db.update(
                """
                insert into customers.staff_relation (tenant_id, customer_id, staff_user_id, added_at, removed_at,
                    removed_by) values (?, ?, 'zhangsan', ?, ?, ?)
                """,
                tenant.value(),
                customer,
                Timestamp.from(added),
                removed == null ? null : Timestamp.from(removed),
                removed == null ? null : "customer");
    }

    private void order(long customer, Instant paid, long paidFen, long refundedFen) {
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
                Timestamp.from(paid));
    }

    private static Instant local(int month, int day, int hour, int minute) {
        return LocalDateTime.of(2026, month, day, hour, minute).atZone(SHANGHAI).toInstant();
    }
}
