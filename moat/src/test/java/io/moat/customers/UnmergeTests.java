package io.moat.customers;

import static org.assertj.core.api.Assertions.assertThat;

import io.moat.Api;
import io.moat.MoatTest;
import io.moat.RecordedEvents;
import io.moat.customers.internal.Identity;
import io.moat.customers.internal.Profiles;
import io.moat.shared.TenantId;
import io.moat.shared.context.CallContext;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** A person undoes a wrong merge through the API: everything goes back, the undo is audited, and only once. */
@MoatTest
class UnmergeTests {

    @LocalServerPort
    int port;

    @Autowired
    Profiles profiles;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    RecordedEvents events;

    @Autowired
    @Qualifier("ownerDataSource")
    DataSource owner;

    JdbcTemplate db;
    Api api;
    String admin;
    String slug;
    TenantId tenant;
    String base;

    @BeforeEach
    void workspace() {
        api = new Api(port);
        admin = api.admin();
        slug = api.newWorkspace(admin);
        db = new JdbcTemplate(owner);
        tenant = new TenantId(
                db.queryForObject("select tenant_id from workspace.workspace where slug = ?", Long.class, slug));
        base = "/api/v1/workspaces/" + slug + "/customers";
    }

    @Test
    void anAcceptedSuggestionIsUndoneWithEverythingTheAbsorbedProfileBrought() {
        List<Long> tags = ProfileSeed.threeTags(db, tenant.value());
        long fan = resolve(Identity.externalUserId("wm-fan"), Identity.nick("jd", "同名"));
        long buyer = resolve(Identity.buyer("jd", "pin-1"), Identity.nick("jd", "同名"));
        new ProfileSeed("", null, null, Set.of("s1"), 0, List.of(), Set.of("r1"), Set.of(tags.get(0)))
                .writeTo(db, tenant.value(), fan, "fan");
        new ProfileSeed(
                        "买家",
                        null,
                        Instant.parse("2026-09-01T00:00:00Z"),
                        Set.of("s1", "s2"),
                        2,
                        List.of(9001L, 9002L),
                        Set.of("r1", "r2"),
                        Set.of(tags.get(0), tags.get(1)))
                .writeTo(db, tenant.value(), buyer, "buyer");
        var fanBefore = ProfileFacts.of(db, tenant.value(), fan);
        var buyerBefore = ProfileFacts.of(db, tenant.value(), buyer);
        long suggestion = api.get(base + "/merge-suggestions", admin)
                .body()
                .get(0)
                .path("id")
                .asLong();
        assertThat(api.post(base + "/merge-suggestions/" + suggestion + "/accept", admin, Map.of())
                        .status())
                .isEqualTo(204);
        assertThat(api.get(base + "/" + fan, admin).body().path("name").asString())
                .isEqualTo("买家");
        assertThat(ProfileFacts.of(db, tenant.value(), fan).get("purchases")).hasSize(2);

        var merges = api.get(base + "/" + buyer + "/merges", admin).body();
        assertThat(merges.size()).isEqualTo(1);
        assertThat(merges.get(0).path("survivorId").asLong()).isEqualTo(fan);
        assertThat(merges.get(0).path("mergedId").asLong()).isEqualTo(buyer);
        assertThat(merges.get(0).path("undoable").asBoolean()).isTrue();
        long merge = merges.get(0).path("id").asLong();

        String reader = api.memberWithRole(admin, slug, "analyst");
        assertThat(api.post(base + "/merges/" + merge + "/unmerge", reader, Map.of())
                        .status())
                .isEqualTo(403);
        assertThat(api.post(base + "/merges/" + merge + "/unmerge", admin, Map.of())
                        .status())
                .isEqualTo(204);

        assertThat(ProfileFacts.of(db, tenant.value(), fan)).isEqualTo(fanBefore);
        assertThat(ProfileFacts.of(db, tenant.value(), buyer)).isEqualTo(buyerBefore);
        assertThat(api.get(base + "/" + buyer, admin).body().path("id").asLong())
                .isEqualTo(buyer);
        assertThat(api.get(base + "/" + buyer, admin)
                        .body()
                        .path("value")
                        .path("orders")
                        .asInt())
                .isEqualTo(2);
        assertThat(api.get(base + "/merges", admin)
                        .body()
                        .get(0)
                        .path("undoable")
                        .asBoolean())
                .isFalse();
        assertThat(api.get(base + "/merge-suggestions", admin).body().valueStream())
                .isEmpty();
        assertThat(events.of(CustomersUnmerged.class)).anyMatch(e -> e.tenant().equals(tenant) && e.mergeId() == merge);
        assertThat(db.queryForObject(
                        "select count(*) from workspace.audit_event where tenant_id = ? and action = 'customer.unmerged'",
                        Long.class,
                        tenant.value()))
                .isEqualTo(1);
        assertThat(db.queryForList(
                        "select customer_id from customers.timeline_event where tenant_id = ? and kind = 'unmerged'"
                                + " order by customer_id",
                        Long.class,
                        tenant.value()))
                .containsExactly(fan, buyer);

        var again = api.post(base + "/merges/" + merge + "/unmerge", admin, Map.of());
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.text("type")).isEqualTo("urn:moat:problem:already-unmerged");
        assertThat(api.post(base + "/merges/999999999/unmerge", admin, Map.of()).status())
                .isEqualTo(404);
    }

    @Test
    void mergesIntoOneProfileAreUndoneNewestFirstAndNotUnderAnotherMerge() {
        long a = resolve(Identity.externalUserId("wm-a"));
        long b = resolve(Identity.externalUserId("wm-b"));
        long c = resolve(Identity.externalUserId("wm-c"));
        long d = resolve(Identity.externalUserId("wm-d"));
        merge(a, b);
        merge(a, c);
        long first = mergeId(a, b);
        long second = mergeId(a, c);

        var refused = api.post(base + "/merges/" + first + "/unmerge", admin, Map.of());
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.text("type")).isEqualTo("urn:moat:problem:later-merge");
        assertThat(refused.text("detail")).contains("merge " + second);

        merge(d, a);
        var under = api.post(base + "/merges/" + second + "/unmerge", admin, Map.of());
        assertThat(under.status()).isEqualTo(409);
        assertThat(under.text("type")).isEqualTo("urn:moat:problem:survivor-merged");

        assertThat(api.post(base + "/merges/" + mergeId(d, a) + "/unmerge", admin, Map.of())
                        .status())
                .isEqualTo(204);
        assertThat(api.post(base + "/merges/" + second + "/unmerge", admin, Map.of())
                        .status())
                .isEqualTo(204);
        assertThat(api.post(base + "/merges/" + first + "/unmerge", admin, Map.of())
                        .status())
                .isEqualTo(204);
        assertThat(db.queryForList(
                        "select id from customers.customer where tenant_id = ? and merged_into is null order by id",
                        Long.class,
                        tenant.value()))
                .containsExactly(a, b, c, d);
        for (long each : List.of(a, b, c, d)) {
            assertThat(db.queryForObject(
                            "select count(*) from customers.identity where tenant_id = ? and customer_id = ?",
                            Long.class,
                            tenant.value(),
                            each))
                    .isEqualTo(1);
        }
    }

    private long mergeId(long survivor, long merged) {
        return db.queryForObject(
                "select max(id) from customers.merge where tenant_id = ? and survivor_id = ? and merged_id = ?",
                Long.class,
                tenant.value(),
                survivor,
                merged);
    }

    private void merge(long survivor, long merged) {
        CallContext.forTenant(tenant, "test")
                .run(() -> transactions.executeWithoutResult(status ->
                        profiles.merge(tenant, survivor, merged, "test", Instant.parse("2026-11-02T08:00:00Z"))));
    }

    private long resolve(Identity... identities) {
        return CallContext.forTenant(tenant, "test")
                .call(() -> transactions.execute(status ->
                        profiles.resolve(tenant, List.of(identities), "test", Instant.parse("2026-11-01T08:00:00Z"))));
    }
}
