package io.moat.acquisition;

import static io.moat.acquisition.AcquisitionFixtures.SHANGHAI;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.moat.MoatTest;
import io.moat.acquisition.internal.Batches;
import io.moat.shared.context.CallContext;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;

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
 * after) = 100 %. Conversion 5/40 = 12.5 % "normal"; cost 150.00, per add 30.00.
 * Buyers and GMV count the orders paid at or after each customer's add (net of refunds, fully refunded ones out):
 *   d1 60 + 40 = 100.00 (its Nov 1 order predates the add)   d2 nothing (its Nov 5 order predates the add)
 *   d3 30 + 20 = 50.00 (the Nov 25 order was refunded in full)   d4 nothing (refunded in full)   d5 25.00
 *   buyers d1 d3 d5 = 3, GMV 100 + 50 + 25 = 175.00, ROI 175 / 150.
 *   (Counting every order, as before, would give buyers 4 and 150 + 80 + 50 + 25 = 305.00.)
 * </pre>
 */
@MoatTest
class BatchFunnelTests {

    @LocalServerPort
    int port;

    @Autowired
    Batches batches;

    @Autowired
    @Qualifier("ownerDataSource")
    DataSource owner;

    AcquisitionFixtures fixture;
    long batch;

    @BeforeEach
    void fixture() {
        fixture = new AcquisitionFixtures(port, owner);
        long x = fixture.channel("X", "package_card", 0);
        batch = fixture.batch(x, 40, 10_000, 5_000, LocalDate.of(2026, 11, 10), LocalDate.of(2026, 11, 11));
        fixture.visits(x, "anna", local(11, 10, 9), 20);
        fixture.visits(x, "anna", local(11, 11, 9), 10);

        long d1 = added(x, "d1", local(11, 10, 10), null);
        long d2 = added(x, "d2", local(11, 10, 11), null);
        // d2 already followed bo since Oct 1, so their Nov 5 order is a private-domain order, but not after this add.
        fixture.relation(d2, "bo", null, local(10, 1, 12), null);
        long d3 = added(x, "d3", local(11, 11, 9), null);
        long d4 = added(x, "d4", local(11, 11, 10), null);
        long d5 = added(x, "d5", local(11, 11, 12), local(11, 13, 12));
        long d6 = added(x, "d6", local(11, 9, 12), null);

        fixture.claimed(d1, local(11, 10, 12));
        fixture.claimed(d2, local(11, 10, 11).plusSeconds(1800));
        fixture.claimed(d6, local(11, 9, 13));

        fixture.order(d1, 5_000, 0, local(11, 1, 12));
        fixture.order(d1, 6_000, 0, local(11, 20, 12));
        fixture.order(d1, 4_000, 0, local(12, 10, 12));
        fixture.order(d2, 8_000, 0, local(11, 5, 12));
        fixture.order(d3, 3_000, 0, local(11, 15, 12));
        fixture.order(d3, 1_000, 1_000, local(11, 25, 12));
        fixture.order(
                d3,
                2_000,
                0,
                LocalDateTime.of(2027, 1, 20, 12, 0).atZone(SHANGHAI).toInstant());
        fixture.order(d4, 4_500, 4_500, local(11, 12, 12));
        fixture.order(d5, 2_500, 0, local(11, 14, 12));
        fixture.order(d6, 9_900, 0, local(11, 20, 12));
    }

    @Test
    void everyStageOfTheBatchFunnelMatchesTheHandComputedOne() {
        var funnel = CallContext.forTenant(fixture.tenant, "test").call(() -> batches.funnel(fixture.tenant, batch));

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
        assertThat(funnel.buyers()).isEqualTo(3);
        // d1 6000 + 4000, d3 3000 + 2000, d5 2500
        assertThat(funnel.gmvFen()).isEqualTo(17_500);
        assertThat(funnel.roi()).isCloseTo(17_500.0 / 15_000, within(1e-9));
    }

    @Test
    void withoutFirstPrivateDomainOrdersTheRepurchaseRatesAreEmpty() {
        fixture.db().update("delete from customers.purchase where tenant_id = ?", fixture.tenant.value());

        var funnel = CallContext.forTenant(fixture.tenant, "test").call(() -> batches.funnel(fixture.tenant, batch));

        assertThat(funnel.claimed()).isEqualTo(2);
        assertThat(funnel.firstOrders()).isZero();
        assertThat(funnel.repurchased30()).isZero();
        assertThat(funnel.repurchaseRate30()).isNull();
        assertThat(funnel.repurchaseRate90()).isNull();
        assertThat(funnel.gmvFen()).isZero();
        assertThat(funnel.buyers()).isZero();
    }

    @Test
    void aBatchWithoutDatesRunsOnTheWorkspacesCalendarDayNotUtcs() {
        // Of these two zones (UTC+14 and UTC−11) one always has another date than UTC: choose it, so a batch dated by
        // UTC's day (or the server's) cannot pass.
        LocalDate utcToday = LocalDate.now(ZoneOffset.UTC);
        ZoneId zone = LocalDate.now(ZoneId.of("Pacific/Kiritimati")).equals(utcToday)
                ? ZoneId.of("Pacific/Pago_Pago")
                : ZoneId.of("Pacific/Kiritimati");
        var moved = fixture.api.call(
                HttpMethod.PATCH,
                "/api/v1/workspaces/" + fixture.slug,
                fixture.admin,
                Map.of("timezone", zone.getId()));
        assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
        long channel = fixture.channel("Y", "package_card", 0);

        var created = fixture.api.post(
                fixture.path("/channel-batches"),
                fixture.admin,
                Map.of("channelId", channel, "name", "今天的包裹", "parcels", 100, "cardCostFen", 0, "benefitCostFen", 0));

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        LocalDate today = LocalDate.now(zone);
        assertThat(today).isNotEqualTo(utcToday);
        assertThat(created.body().path("startsOn").asString()).isEqualTo(today.toString());
        assertThat(created.body().path("endsOn").asString()).isEqualTo(today.toString());
    }

    /** An add through the channel: the arrival, the profile with its WeCom id, and its relation to anna. */
    private long added(long channel, String externalUserId, Instant at, Instant removed) {
        fixture.arrival(channel, "anna", externalUserId, at, removed);
        long id = fixture.customer(externalUserId);
        fixture.relation(id, "anna", "s", at, removed);
        return id;
    }

    private static Instant local(int month, int day, int hour) {
        return AcquisitionFixtures.local(month, day, hour, 0);
    }
}
