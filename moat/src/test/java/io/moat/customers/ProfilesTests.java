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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** One profile per person: resolution by identity, merging on certain matches, suggestions on probable ones. */
@MoatTest
class ProfilesTests {

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

    TenantId tenant;
    String slug;
    final Instant now = Instant.parse("2026-11-01T08:00:00Z");

    @BeforeEach
    void workspace() {
        Api api = new Api(port);
        slug = api.newWorkspace(api.admin());
        tenant = new TenantId(new JdbcTemplate(owner)
                .queryForObject("select tenant_id from workspace.workspace where slug = ?", Long.class, slug));
    }

    @Test
    void theSameIdentityAlwaysResolvesToTheSameProfileWithDenseNumbers() {
        long first = resolve(Identity.externalUserId("wm-a"));
        long again = resolve(Identity.externalUserId("wm-a"));
        long other = resolve(Identity.externalUserId("wm-b"));

        assertThat(again).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
        assertThat(new JdbcTemplate(owner)
                        .queryForList(
                                "select number from customers.customer where tenant_id = ? order by number",
                                Integer.class,
                                tenant.value()))
                .containsExactly(1, 2);
    }

    @Test
    void aCertainIdentityMergesTwoProfilesIntoTheOldest() {
        long wecomFan = resolve(Identity.externalUserId("wm-fan"));
        long buyer = resolve(Identity.buyer("taobao", "open-uid-1"), Identity.phoneHash("h1"));

        long merged = resolve(Identity.externalUserId("wm-fan"), Identity.phoneHash("h1"));

        assertThat(merged).isEqualTo(wecomFan).isLessThan(buyer);
        assertThat(resolve(Identity.buyer("taobao", "open-uid-1"))).isEqualTo(wecomFan);
        assertThat(new JdbcTemplate(owner)
                        .queryForObject(
                                "select merged_into from customers.customer where tenant_id = ? and id = ?",
                                Long.class,
                                tenant.value(),
                                buyer))
                .isEqualTo(wecomFan);
        assertThat(events.of(CustomersMerged.class))
                .anyMatch(e -> e.tenant().equals(tenant)
                        && e.survivor().value() == wecomFan
                        && e.merged().value() == buyer);
        assertThat(new JdbcTemplate(owner)
                        .queryForObject(
                                "select count(*) from workspace.audit_event where tenant_id = ? and action = 'customer.merged'",
                                Long.class,
                                tenant.value()))
                .isEqualTo(1);
    }

    @Test
    void aProbableIdentityOnlySuggestsAMerge() {
        long a = resolve(Identity.externalUserId("wm-1"), Identity.nick("taobao", "小明"));
        long b = resolve(Identity.externalUserId("wm-2"), Identity.nick("taobao", "小明"));

        assertThat(b).isNotEqualTo(a);
        assertThat(new JdbcTemplate(owner)
                        .queryForObject(
                                "select count(*) from customers.merge_suggestion where tenant_id = ? and customer_id = ? "
                                        + "and candidate_id = ?",
                                Long.class,
                                tenant.value(),
                                a,
                                b))
                .isEqualTo(1);
    }

    @Test
    void aSuggestedMergeIsAcceptedOrDismissedByAPerson() {
        long a = resolve(Identity.externalUserId("wm-s1"), Identity.nick("jd", "同名"));
        long b = resolve(Identity.externalUserId("wm-s2"), Identity.nick("jd", "同名"));
        long c = resolve(Identity.externalUserId("wm-s3"), Identity.nick("jd", "别名"));
        long d = resolve(Identity.externalUserId("wm-s4"), Identity.nick("jd", "别名"));
        Api api = new Api(port);
        String admin = api.admin();
        String path = "/api/v1/workspaces/" + slug + "/customers/merge-suggestions";
        var open = api.get(path, admin).body();
        long first = open.valueStream()
                .filter(s -> s.path("customerId").asLong() == a)
                .findFirst()
                .orElseThrow()
                .path("id")
                .asLong();
        long second = open.valueStream()
                .filter(s -> s.path("customerId").asLong() == c)
                .findFirst()
                .orElseThrow()
                .path("id")
                .asLong();

        assertThat(api.post(path + "/" + first + "/accept", admin, Map.of()).status())
                .isEqualTo(204);
        assertThat(api.post(path + "/" + second + "/dismiss", admin, Map.of()).status())
                .isEqualTo(204);
        assertThat(api.post(path + "/" + second + "/accept", admin, Map.of()).status())
                .isEqualTo(404);

        var db = new JdbcTemplate(owner);
        assertThat(db.queryForObject(
                        "select merged_into from customers.customer where tenant_id = ? and id = ?",
                        Long.class,
                        tenant.value(),
                        b))
                .isEqualTo(a);
        assertThat(db.queryForObject(
                        "select merged_into from customers.customer where tenant_id = ? and id = ?",
                        Long.class,
                        tenant.value(),
                        d))
                .isNull();
        assertThat(api.get(path, admin).body().valueStream()).isEmpty();
    }

    @Test
    void concurrentResolutionOfANewIdentityCreatesOneProfile() throws Exception {
        Set<Long> ids = ConcurrentHashMap.newKeySet();
        try (var pool = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < 8; i++) {
                pool.submit(() -> ids.add(resolve(Identity.externalUserId("wm-race"))));
            }
            pool.shutdown();
            assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(ids).hasSize(1);
    }

    private long resolve(Identity... identities) {
        return CallContext.forTenant(tenant, "test")
                .call(() -> transactions.execute(status -> profiles.resolve(tenant, List.of(identities), "test", now)));
    }
}
