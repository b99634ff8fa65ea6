package io.moat.community;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.moat.MoatTest;
import io.moat.community.internal.GroupCommerce;
import io.moat.shared.TenantId;
import io.moat.shared.context.CallContext;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
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

    static final ZoneId SHANGHAI = CommunityFixtures.SHANGHAI;
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

    CommunityFixtures fixtures;
    TenantId tenant;

    @BeforeEach
    void fixture() {
        fixtures = new CommunityFixtures(port, owner);
        tenant = fixtures.tenant;
        fixtures.group(CHAT, "福利群", "staff-s", null, 5000);
        event("staff-s", "join", "2026-11-01T09:00", true);
        event("A", "join", "2026-11-01T10:00", false);
        event("B", "join", "2026-11-01T10:00", false);
        event("D", "join", "2026-11-01T10:00", false);
        event("B", "quit", "2026-11-13T12:00", false);
        event("C", "join", "2026-11-11T10:00", false);
        event("E", "join", "2026-11-12T08:00", false);

        long a = fixtures.profile("A", null, "loyal");
        fixtures.order(a, 12000, 2000, "2026-11-12T15:00");
        fixtures.order(a, 500, 0, "2026-11-14T10:00");
        fixtures.order(a, 5000, 0, "2026-11-20T10:00");
        long b = fixtures.profile("B", null, "bargain_hunter");
        fixtures.order(b, 3000, 0, "2026-11-12T11:00");
        fixtures.order(b, 4000, 0, "2026-11-14T11:00");
        long c = fixtures.profile("C", null, null);
        fixtures.order(c, 2000, 0, "2026-11-11T09:00");
        fixtures.order(c, 5000, 5000, "2026-11-15T09:00");
        long survivor = fixtures.profile("E-survivor", null, "low_need");
        fixtures.profile("E", survivor, null);
        fixtures.order(survivor, 1500, 0, "2026-11-16T23:30");
        // the staff member buys too, which must not count
        fixtures.order(fixtures.profile("staff-s", null, "loyal"), 9900, 0, "2026-11-12T10:00");
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

    private void event(String member, String kind, String localTime, boolean staff) {
        fixtures.event(CHAT, member, kind, localTime, staff);
    }
}
