package io.moat.customers;

import static org.assertj.core.api.Assertions.assertThat;

import io.moat.Api;
import io.moat.MoatTest;
import io.moat.customers.internal.CustomerValues;
import io.moat.shared.TenantId;
import io.moat.shared.context.CallContext;
import java.sql.Timestamp;
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
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Stored derived values against a hand-worked fixture (days before now):
 *
 * <pre>
 * X  fan           orders 5, 35, 65 days ago, 99.00 each  → active;  R 5 d, F 3, M 297.00
 * Y  fan since 50  order 40 days ago, 99.00               → dormant, low-need;  R 40, F 1, M 99.00
 * Z  fan since 2   no orders                              → new fan, low-need, no RFM
 * W  not a fan     deal orders 10 and 20 days ago, 19.90  → repeat buyer, bargain hunter;  R 10, F 2, M 39.80
 * Quintiles over X, Y, W: X (4,4,4) champions; W (2,2,1) hibernating; Y (1,1,2) hibernating.
 * </pre>
 */
@MoatTest
class CustomerValuesTests {

    @LocalServerPort
    int port;

    @Autowired
    CustomerValues values;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    @Qualifier("ownerDataSource")
    DataSource owner;

    TenantId tenant;
    String slug;
    JdbcTemplate db;
    final Instant now = Instant.now();
    long x;
    long y;
    long z;
    long w;
    long nextOrder = 1;

    @BeforeEach
    void fixture() {
        Api api = new Api(port);
        slug = api.newWorkspace(api.admin());
        db = new JdbcTemplate(owner);
        tenant = new TenantId(
                db.queryForObject("select tenant_id from workspace.workspace where slug = ?", Long.class, slug));
        x = customer(1, 100);
        y = customer(2, 50);
        z = customer(3, 2);
        w = customer(4, -1);
        for (int days : new int[] {5, 35, 65}) {
            order(x, days, 9_900, false);
        }
        order(y, 40, 9_900, false);
        order(w, 10, 1_990, true);
        order(w, 20, 1_990, true);
    }

    @Test
    void aFullRunStoresStageLoyaltyAndQuintileRfm() {
        int scored = inTenant(() -> values.recomputeAll(tenant, java.time.ZoneId.of("Asia/Shanghai")));

        assertThat(scored).isEqualTo(4);
        assertThat(value(x))
                .containsEntry("stage", "active")
                .containsEntry("rfm_segment", "champions")
                .containsEntry("rfm_recency", 4)
                .containsEntry("rfm_frequency", 4)
                .containsEntry("rfm_monetary", 4)
                .containsEntry("orders", 3)
                .containsEntry("net_spend_fen", 29_700L);
        assertThat(value(y))
                .containsEntry("stage", "dormant")
                .containsEntry("loyalty", "low_need")
                .containsEntry("rfm_recency", 1)
                .containsEntry("rfm_frequency", 1)
                .containsEntry("rfm_monetary", 2);
        assertThat(value(z))
                .containsEntry("stage", "new_fan")
                .containsEntry("loyalty", "low_need")
                .containsEntry("rfm_segment", null);
        assertThat(value(w))
                .containsEntry("stage", "repeat_buyer")
                .containsEntry("loyalty", "bargain_hunter")
                .containsEntry("rfm_segment", "hibernating");
        // w: two deal orders of 1,990 fen each, average 1,990 < 5,000 (docs/metrics.md, loyalty reason codes)
        assertThat(value(w)).containsEntry("loyalty_reason", "deal_orders_small_baskets");
        assertThat(value(w).get("loyalty_reason_params").toString())
                .isEqualTo("{\"orders\": 2, \"belowFen\": 5000, \"averageFen\": 1990}");
        assertThat(value(y)).containsEntry("loyalty_reason", "few_orders");
    }

    @Test
    void aPartialRefreshScoresTheTouchedProfilesAsAFullRunWould() {
        inTenant(() -> values.recomputeAll(tenant, java.time.ZoneId.of("Asia/Shanghai")));
        order(z, 1, 9_900, false);

        inTenant(() -> {
            values.refresh(tenant, List.of(z, x));
            return 0;
        });

        // z's first order makes z a buyer at once, scored by the engine against all buyers' current quintiles
        Map<String, Object> refreshedZ = value(z);
        Map<String, Object> refreshedX = value(x);
        assertThat(refreshedZ).containsEntry("stage", "first_order").containsEntry("orders", 1);
        assertThat(refreshedZ.get("rfm_segment")).isNotNull();

        inTenant(() -> values.recomputeAll(tenant, java.time.ZoneId.of("Asia/Shanghai")));
        for (String column : List.of("rfm_recency", "rfm_frequency", "rfm_monetary", "rfm_segment")) {
            assertThat(refreshedZ.get(column)).as("z " + column).isEqualTo(value(z).get(column));
            assertThat(refreshedX.get(column)).as("x " + column).isEqualTo(value(x).get(column));
        }
        assertThat(value(z)).containsEntry("rfm_recency", 4);
    }

    @Test
    void aRefundAppliedByARefreshLowersTheBuyersScoresAsAFullRunWould() {
        inTenant(() -> values.recomputeAll(tenant, java.time.ZoneId.of("Asia/Shanghai")));
        assertThat(value(x)).containsEntry("rfm_segment", "champions");
        // x's orders are refunded in full: x is no buyer any more, and y and w move up
        db.update(
                "update customers.purchase set refunded_fen = paid_fen where tenant_id = ? and customer_id = ?",
                tenant.value(),
                x);

        inTenant(() -> {
            values.refresh(tenant, List.of(x));
            return 0;
        });

        assertThat(value(x)).containsEntry("rfm_segment", null).containsEntry("orders", 0);
    }

    @Test
    void theProfileShowsItsValuesAndTheListFiltersByStage() {
        inTenant(() -> values.recomputeAll(tenant, java.time.ZoneId.of("Asia/Shanghai")));
        Api api = new Api(port);
        String admin = api.admin();

        var profile = api.get("/api/v1/workspaces/" + slug + "/customers/" + w, admin)
                .body()
                .path("value");
        var dormant = api.get("/api/v1/workspaces/" + slug + "/customers?stage=dormant", admin)
                .body()
                .path("items");
        var wrong = api.get("/api/v1/workspaces/" + slug + "/customers?stage=sleepy", admin);

        assertThat(profile.path("stage").asString()).isEqualTo("repeat_buyer");
        assertThat(profile.path("loyalty").asString()).isEqualTo("bargain_hunter");
        assertThat(profile.path("loyaltyReason").asString()).isEqualTo("deal_orders_small_baskets");
        assertThat(profile.path("loyaltyReasonParams").toString())
                .isEqualTo("{\"orders\":2,\"belowFen\":5000,\"averageFen\":1990}");
        assertThat(dormant.valueStream().map(c -> c.path("id").asLong())).containsExactly(y);
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(Api.fields(wrong)).containsExactly("stage");
    }

    private <T> T inTenant(java.util.function.Supplier<T> work) {
        return CallContext.forTenant(tenant, "test").call(() -> transactions.execute(status -> work.get()));
    }

    private Map<String, Object> value(long customer) {
        return db.queryForMap(
                "select * from customers.customer_value where tenant_id = ? and customer_id = ?",
                tenant.value(),
                customer);
    }

    private long customer(int number, int fanForDays) {
        Instant added = fanForDays < 0 ? null : now.minus(Duration.ofDays(fanForDays));
        long id = db.queryForObject(
                """
                insert into customers.customer (tenant_id, number, source, created_at, first_added_at)
                values (?, ?, 'test', now(), ?) returning id
                """, Long.class, tenant.value(), number, added == null ? null : Timestamp.from(added));
        if (added != null) {
            db.update(
                    "insert into customers.staff_relation (tenant_id, customer_id, staff_user_id, added_at)"
                            + " values (?, ?, 'zhangsan', ?)",
                    tenant.value(),
                    id,
                    Timestamp.from(added));
        }
        return id;
    }

    private void order(long customer, int daysAgo, long fen, boolean deal) {
        long id = nextOrder++;
        db.update(
                """
                insert into customers.purchase (tenant_id, order_id, customer_id, platform, order_no, status, paid_fen,
                    refunded_fen, paid_at, on_deal) values (?, ?, ?, 'taobao', ?, 'finished', ?, 0, ?, ?)
                """,
                tenant.value(),
                id,
                customer,
                "T" + id,
                fen,
                Timestamp.from(now.minus(Duration.ofDays(daysAgo))),
                deal);
    }
}
