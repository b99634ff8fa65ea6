package io.moat.customers;

import static org.assertj.core.api.Assertions.assertThat;

import io.moat.Api;
import io.moat.MoatTest;
import io.moat.commerce.BuyerIdentity;
import io.moat.commerce.OrderStatus;
import io.moat.commerce.OrdersRecorded;
import io.moat.commerce.Platform;
import io.moat.commerce.RecordedOrder;
import io.moat.shared.TenantId;
import io.moat.shared.context.CallContext;
import io.moat.wecom.ContactRefreshed;
import io.moat.wecom.ContactsRefreshed;
import io.moat.wecom.StaffDeletedByCustomer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A buyer's stored values follow their staff relations at once, not at the nightly run: an order linked before WeCom's
 * sync made its buyer a fan (the sync after an import, or both running at once) must not leave a fan with a non-fan's
 * stage. The buyer here only has a refunded order, so nothing but the relation separates a new fan from a prospect.
 */
@MoatTest
class RelationValuesTests {

    @LocalServerPort
    int port;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    @Qualifier("ownerDataSource")
    DataSource owner;

    TenantId tenant;
    JdbcTemplate db;
    final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    @BeforeEach
    void workspace() {
        Api api = new Api(port);
        String slug = api.newWorkspace(api.admin());
        db = new JdbcTemplate(owner);
        tenant = new TenantId(
                db.queryForObject("select tenant_id from workspace.workspace where slug = ?", Long.class, slug));
    }

    @Test
    void aSyncPageThatMakesAnEarlierBuyerAFanRefreshesTheBuyersStage() {
        long buyer = refundedBuyer("hash-sync");
        assertThat(stage(buyer)).isEqualTo("prospect");

        publish(new ContactsRefreshed(tenant, List.of(contact("wm-sync", "hash-sync"), contact("wm-other", null))));

        assertThat(profileOf("wm-sync")).isEqualTo(buyer);
        assertThat(stage(buyer)).isEqualTo("new_fan");
        assertThat(valueRows(profileOf("wm-other")))
                .as("a profile without purchases or values is left to the nightly run")
                .isZero();
    }

    @Test
    void aSingleRefreshThatMakesAnEarlierBuyerAFanRefreshesTheBuyersStage() {
        long buyer = refundedBuyer("hash-one");

        publish(contact("wm-one", "hash-one"));

        assertThat(profileOf("wm-one")).isEqualTo(buyer);
        assertThat(stage(buyer)).isEqualTo("new_fan");
    }

    @Test
    void aBuyerWhoDeletesTheirLastStaffMemberIsAProspectAgain() {
        long buyer = refundedBuyer("hash-gone");
        publish(new ContactsRefreshed(tenant, List.of(contact("wm-gone", "hash-gone"))));
        assertThat(stage(buyer)).isEqualTo("new_fan");

        publish(new StaffDeletedByCustomer(tenant, "wm-gone", "s1", now.plusSeconds(60)));

        assertThat(stage(buyer)).isEqualTo("prospect");
    }

    /** A marketplace buyer known by a phone hash whose only order was refunded in full: a prospect while no fan. */
    private long refundedBuyer(String phoneHash) {
        publish(new OrdersRecorded(
                tenant,
                List.of(new RecordedOrder(
                        Math.abs(phoneHash.hashCode()),
                        Platform.TAOBAO,
                        "T-" + phoneHash,
                        OrderStatus.REFUNDED,
                        9_900,
                        9_900,
                        now.minus(3, ChronoUnit.DAYS),
                        new BuyerIdentity("nick", null, null, null, phoneHash)))));
        return db.queryForObject(
                "select customer_id from customers.purchase where tenant_id = ? and order_no = ?",
                Long.class,
                tenant.value(),
                "T-" + phoneHash);
    }

    private ContactRefreshed contact(String externalUserId, String phoneHash) {
        return new ContactRefreshed(
                tenant,
                externalUserId,
                "小明",
                1,
                null,
                phoneHash == null ? List.of() : List.of(phoneHash),
                List.of(new ContactRefreshed.Relation("s1", null, now.minus(1, ChronoUnit.DAYS))),
                now);
    }

    private void publish(Object event) {
        CallContext.forTenant(tenant, "test")
                .run(() -> transactions.executeWithoutResult(status -> events.publishEvent(event)));
    }

    private long profileOf(String externalUserId) {
        return db.queryForObject("""
                select coalesce(c.merged_into, c.id) from customers.identity i
                join customers.customer c on c.tenant_id = i.tenant_id and c.id = i.customer_id
                where i.tenant_id = ? and i.kind = 'external_userid' and i.value = ?
                """, Long.class, tenant.value(), externalUserId);
    }

    private String stage(long customer) {
        return db.queryForObject(
                "select stage from customers.customer_value where tenant_id = ? and customer_id = ?",
                String.class,
                tenant.value(),
                customer);
    }

    private long valueRows(long customer) {
        return db.queryForObject(
                "select count(*) from customers.customer_value where tenant_id = ? and customer_id = ?",
                Long.class,
                tenant.value(),
                customer);
    }
}
