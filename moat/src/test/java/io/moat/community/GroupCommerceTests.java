package io.moat.community;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.moat.Api;
import io.moat.MoatTest;
import io.moat.community.internal.GroupCommerce;
import io.moat.shared.TenantId;
import io.moat.shared.context.CallContext;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Conversion, AOV, ROI and the loyalty-type mix of a group's members (docs/metrics.md, "Community") against a
 * fixture worked out by hand. Period 11-10 to 11-16 (Shanghai), recorded cost 50.00 yuan:
 *
 * <ul>
 *   <li>A (loyal): in since 11-01; 120.00 paid − 20.00 refunded on 11-12 and 5.00 on 11-14 count; 50.00 on 11-20 is
 *       after the period.
 *   <li>B (bargain hunter): quits 11-13 noon; 30.00 on 11-12 counts, 40.00 on 11-14 (after quitting) does not; not a
 *       member at the end.
 *   <li>C (values not computed): joins 11-11 10:00; 20.00 paid at 09:00 before joining and 50.00 refunded in full
 *       do not count.
 *   <li>D: no profile. E (low need, a profile merged into another): joins 11-12; 15.00 at 23:30 on 11-16 counts.
 *   <li>The owner (staff) is never a member here.
 * </ul>
 *
 * Members at the end: A, C, D, E = 4. Buyers: A, B, E = 3; GMV 105.00 + 30.00 + 15.00 = 150.00. Conversion 3/4,
 * AOV 50.00, ROI 150.00 / 50.00 = 3. Mix: loyal 1, not_computed 1, no_profile 1, low_need 1; loyal share 1/3.
 */
@MoatTest
class GroupCommerceTests {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    static final String CHAT = "wr-commerce";

    @LocalServerPort
    int port;

    @Autowired
    @Qualifier("ownerDataSource")
    DataSource owner;

    @Autowired
    GroupCommerce commerce;

    @Autowired
    TransactionTemplate transactions;

    JdbcTemplate db;
    TenantId tenant;
    int numbers;
    long orders;

    @BeforeEach
    void fixture() {
        Api api = new Api(port);
        String slug = api.newWorkspace(api.admin());
        db = new JdbcTemplate(owner);
        tenant = new TenantId(
                db.queryForObject("select tenant_id from workspace.workspace where slug = ?", Long.class, slug));
        db.update(
                "insert into community.group_profile (tenant_id, chat_id, name, owner, cost_fen) values (?, ?, '福利群', 'staff-s', 5000)",
                tenant.value(),
                CHAT);
        event("staff-s", "join", "2026-11-01T09:00", true);
        event("A", "join", "2026-11-01T10:00", false);
        event("B", "join", "2026-11-01T10:00", false);
        event("D", "join", "2026-11-01T10:00", false);
        event("B", "quit", "2026-11-13T12:00", false);
        event("C", "join", "2026-11-11T10:00", false);
        event("E", "join", "2026-11-12T08:00", false);

        long a = profile("A", null, "loyal");
        order(a, 12000, 2000, "2026-11-12T15:00");
        order(a, 500, 0, "2026-11-14T10:00");
        order(a, 5000, 0, "2026-11-20T10:00");
        long b = profile("B", null, "bargain_hunter");
        order(b, 3000, 0, "2026-11-12T11:00");
        order(b, 4000, 0, "2026-11-14T11:00");
        long c = profile("C", null, null);
        order(c, 2000, 0, "2026-11-11T09:00");
        order(c, 5000, 5000, "2026-11-15T09:00");
        long survivor = profile("E-survivor", null, "low_need");
        profile("E", survivor, null);
        order(survivor, 1500, 0, "2026-11-16T23:30");
        // the staff member buys too, which must not count
        order(profile("staff-s", null, "loyal"), 9900, 0, "2026-11-12T10:00");
    }

    @Test
    void membersPurchasesWhileInTheGroupGiveConversionAovRoiAndTheMix() {
        var figures = CallContext.forTenant(tenant, "test")
                .call(() -> transactions.execute(status -> commerce.of(
                        tenant, CHAT, LocalDate.parse("2026-11-10"), LocalDate.parse("2026-11-16"), SHANGHAI)));
        assertThat(List.of(figures.members(), figures.buyers(), figures.gmvFen(), figures.costFen()))
                .containsExactly(4L, 3L, 15000L, 5000L);
        assertThat(figures.conversion()).isCloseTo(0.75, within(1e-9));
        assertThat(figures.aovFen()).isEqualTo(5000L);
        assertThat(figures.roi()).isCloseTo(3.0, within(1e-9));
        assertThat(figures.loyaltyMix())
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of("loyal", 1L, "not_computed", 1L, "no_profile", 1L, "low_need", 1L));
        assertThat(figures.loyalShare()).isCloseTo(1.0 / 3, within(1e-9));
    }

    @Test
    void aPeriodBeforeAnyPurchaseHasNoAovAndZeroConversion() {
        var figures = CallContext.forTenant(tenant, "test")
                .call(() -> transactions.execute(status -> commerce.of(
                        tenant, CHAT, LocalDate.parse("2026-11-02"), LocalDate.parse("2026-11-03"), SHANGHAI)));
        assertThat(List.of(figures.members(), figures.buyers(), figures.gmvFen()))
                .containsExactly(3L, 0L, 0L);
        assertThat(figures.conversion()).isZero();
        assertThat(figures.aovFen()).as("no buyers: no AOV, not zero").isNull();
    }

    private long profile(String externalUserId, @Nullable Long mergedInto, @Nullable String loyalty) {
        long id = db.queryForObject(
                "insert into customers.customer (tenant_id, number, source, created_at, merged_into) values (?, ?, 'wecom', now(), ?) returning id",
                Long.class,
                tenant.value(),
                ++numbers + 1000,
                mergedInto);
        db.update(
                "insert into customers.identity (tenant_id, kind, value, customer_id, source, confidence, linked_at) values (?, 'external_userid', ?, ?, 'wecom', 'certain', now())",
                tenant.value(),
                externalUserId,
                id);
        if (loyalty != null) {
            db.update(
                    "insert into customers.customer_value (tenant_id, customer_id, stage, loyalty, loyalty_reason, orders, net_spend_fen, computed_at) values (?, ?, 'active', ?, 'fixture', 0, 0, now())",
                    tenant.value(),
                    id,
                    loyalty);
        }
        return id;
    }

    private void order(long customer, long paidFen, long refundedFen, String localTime) {
        db.update(
                "insert into customers.purchase (tenant_id, order_id, customer_id, platform, order_no, status, paid_fen, refunded_fen, paid_at) values (?, ?, ?, 'youzan', ?, 'paid', ?, ?, ?)",
                tenant.value(),
                ++orders,
                customer,
                "E" + orders,
                paidFen,
                refundedFen,
                at(localTime));
    }

    private void event(String member, String kind, String localTime, boolean staff) {
        db.update(
                "insert into community.membership_event (tenant_id, chat_id, member_id, kind, at, staff) values (?, ?, ?, ?, ?, ?)",
                tenant.value(),
                CHAT,
                member,
                kind,
                at(localTime),
                staff);
    }

    private static Timestamp at(String localTime) {
        return Timestamp.from(LocalDateTime.parse(localTime).atZone(SHANGHAI).toInstant());
    }
}
