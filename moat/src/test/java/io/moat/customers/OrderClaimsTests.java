package io.moat.customers;

import static org.assertj.core.api.Assertions.assertThat;

import io.moat.Api;
import io.moat.Api.Answer;
import io.moat.MoatTest;
import io.moat.audiences.ActivityPreview;
import io.moat.customers.internal.Identity;
import io.moat.customers.internal.Profiles;
import io.moat.shared.TenantId;
import io.moat.shared.context.CallContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Order to fan by the customer's own hand: a WeCom fan opens their signed link, types the order number and the
 * phone's last four digits, and the marketplace buyer's profile (made from the order) merges into theirs.
 */
@MoatTest
class OrderClaimsTests {

    @LocalServerPort
    int port;

    @Autowired
    Profiles profiles;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    @Qualifier("ownerDataSource")
    DataSource owner;

    Api api;
    String admin;
    String slug;
    TenantId tenant;
    JdbcTemplate db;
    long fan;
    String orderNo;

    @BeforeEach
    void fanAndAnOrderOfTheirs() {
        api = new Api(port);
        admin = api.admin();
        slug = api.newWorkspace(admin);
        db = new JdbcTemplate(owner);
        tenant = new TenantId(
                db.queryForObject("select tenant_id from workspace.workspace where slug = ?", Long.class, slug));
        fan = CallContext.forTenant(tenant, "test")
                .call(() -> transactions.execute(status -> profiles.resolve(
                        tenant, List.of(Identity.externalUserId("wm-claimer")), "wecom", Instant.now())));
        orderNo = "3" + System.nanoTime();
        Answer recorded = api.post(
                "/api/v1/workspaces/" + slug + "/orders",
                admin,
                Map.of(
                        "orders",
                        List.of(Map.of(
                                "platform",
                                "taobao",
                                "orderNo",
                                orderNo,
                                "status",
                                "paid",
                                "createdAt",
                                "2026-11-01 10:00:00",
                                "paidAt",
                                "2026-11-01 10:05:00",
                                "totalFen",
                                12_900,
                                "paidFen",
                                12_900,
                                "buyer",
                                Map.of("nick", "tb-buyer", "openId", "AAH-open-1", "phone", "13812345678"),
                                "lines",
                                List.of(Map.of(
                                        "sku", "SNACK-1", "title", "坚果礼盒", "quantity", 1, "unitPriceFen", 12_900))))));
        assertThat(recorded.status()).as(recorded.toString()).isEqualTo(200);
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> db.queryForObject(
                                "select count(*) from customers.purchase where tenant_id = ? and order_no = ? and customer_id is not null",
                                Long.class,
                                tenant.value(),
                                orderNo)
                        == 1);
    }

    @Test
    void aFanClaimsTheirOrderAndTheBuyerProfileMergesIntoTheirs() {
        String token = link();
        long buyer = db.queryForObject(
                "select customer_id from customers.purchase where tenant_id = ? and order_no = ?",
                Long.class,
                tenant.value(),
                orderNo);
        assertThat(buyer).isNotEqualTo(fan);

        assertThat(api.get("/api/v1/public/claims/" + token, null).status()).isEqualTo(200);
        Answer claimed =
                api.post("/api/v1/public/claims/" + token, null, Map.of("orderNo", orderNo, "phoneTail", "5678"));

        assertThat(claimed.status()).as(claimed.toString()).isEqualTo(200);
        assertThat(claimed.body().path("alreadyYours").asBoolean()).isFalse();
        long survivor = Math.min(fan, buyer);
        assertThat(db.queryForObject(
                        "select customer_id from customers.purchase where tenant_id = ? and order_no = ?",
                        Long.class,
                        tenant.value(),
                        orderNo))
                .isEqualTo(survivor);
        assertThat(db.queryForObject(
                        "select merged_into from customers.customer where tenant_id = ? and id = ?",
                        Long.class,
                        tenant.value(),
                        Math.max(fan, buyer)))
                .isEqualTo(survivor);
        assertThat(db.queryForList(
                        "select kind from customers.identity where tenant_id = ? and customer_id = ?",
                        String.class,
                        tenant.value(),
                        survivor))
                .contains("external_userid", "buyer", "phone_hash");

        Answer again =
                api.post("/api/v1/public/claims/" + token, null, Map.of("orderNo", orderNo, "phoneTail", "5678"));
        assertThat(again.body().path("alreadyYours").asBoolean()).isTrue();
    }

    @Test
    void wrongNumbersWrongTailsAndForgedLinksAreRefusedNamingTheField() {
        String token = link();

        Answer unknown =
                api.post("/api/v1/public/claims/" + token, null, Map.of("orderNo", "999", "phoneTail", "5678"));
        Answer wrongTail =
                api.post("/api/v1/public/claims/" + token, null, Map.of("orderNo", orderNo, "phoneTail", "0000"));
        Answer noTail = api.post("/api/v1/public/claims/" + token, null, Map.of("orderNo", orderNo));
        String forged = token.substring(0, token.length() - 2) + (token.endsWith("A") ? "BB" : "AA");

        assertThat(unknown.status()).isEqualTo(404);
        assertThat(Api.fields(unknown)).containsExactly("orderNo");
        assertThat(wrongTail.status()).isEqualTo(400);
        assertThat(Api.fields(wrongTail)).containsExactly("phoneTail");
        assertThat(noTail.status()).isEqualTo(400);
        assertThat(api.post("/api/v1/public/claims/" + forged, null, Map.of("orderNo", orderNo, "phoneTail", "5678"))
                        .status())
                .isEqualTo(404);
        assertThat(db.queryForObject(
                        "select customer_id from customers.purchase where tenant_id = ? and order_no = ?",
                        Long.class,
                        tenant.value(),
                        orderNo))
                .isNotEqualTo(fan);
    }

    @Test
    void guessingIsCutOffAfterFiveWrongTries() {
        String token = link();
        for (int i = 0; i < 5; i++) {
            api.post("/api/v1/public/claims/" + token, null, Map.of("orderNo", "guess-" + i));
        }

        Answer blocked =
                api.post("/api/v1/public/claims/" + token, null, Map.of("orderNo", orderNo, "phoneTail", "5678"));

        assertThat(blocked.status()).isEqualTo(429);
    }

    /**
     * Opening the page and claiming are acts audiences select on ("did within N days"). The fan here joined after the
     * order made the buyer's profile, so the claim merges the fan into the buyer: the page view recorded on the fan
     * must move with the merge, or it would sit on a profile that no longer exists.
     */
    @Test
    void openingAndClaimingAreActsThatFollowTheMerge() {
        long lateFan = CallContext.forTenant(tenant, "test")
                .call(() -> transactions.execute(status -> profiles.resolve(
                        tenant, List.of(Identity.externalUserId("wm-late-claimer")), "wecom", Instant.now())));
        long buyer = db.queryForObject(
                "select customer_id from customers.purchase where tenant_id = ? and order_no = ?",
                Long.class,
                tenant.value(),
                orderNo);
        assertThat(buyer).isLessThan(lateFan);
        Answer issued =
                api.post("/api/v1/workspaces/" + slug + "/customers/" + lateFan + "/claim-link", admin, Map.of());
        String token = issued.text("token");

        assertThat(api.get("/api/v1/public/claims/" + token, null).status()).isEqualTo(200);
        assertThat(did("link-opened")).containsExactly(lateFan);
        assertThat(did("benefit-claimed")).isEmpty();

        Answer claimed =
                api.post("/api/v1/public/claims/" + token, null, Map.of("orderNo", orderNo, "phoneTail", "5678"));
        assertThat(claimed.status()).as(claimed.toString()).isEqualTo(200);

        assertThat(did("link-opened")).containsExactly(buyer);
        assertThat(did("benefit-claimed")).containsExactly(buyer);
        Answer why = api.post(
                "/api/v1/workspaces/" + slug + "/audiences/explain",
                admin,
                Map.of("condition", ActivityPreview.condition("benefit-claimed", "order-claim"), "customerId", buyer));
        assertThat(why.body().path("member").asBoolean()).as(why.toString()).isTrue();
        assertThat(why.body().path("reasons").get(0).path("detail").asString()).contains("benefit-claimed order-claim");
    }

    private List<Long> did(String kind) {
        return ActivityPreview.whoDid(api, admin, slug, kind, "order-claim");
    }

    private String link() {
        Answer issued = api.post("/api/v1/workspaces/" + slug + "/customers/" + fan + "/claim-link", admin, Map.of());
        assertThat(issued.status()).as(issued.toString()).isEqualTo(200);
        assertThat(issued.text("url")).contains("/m/claim/");
        return issued.text("token");
    }
}
