package io.moat.customers;

import static org.assertj.core.api.Assertions.assertThat;

import io.moat.Api;
import io.moat.MoatTest;
import io.moat.customers.internal.Identity;
import io.moat.customers.internal.Profiles;
import io.moat.shared.TenantId;
import io.moat.shared.context.CallContext;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Builders;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.BeforeProperty;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestContextManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Merge then unmerge gives both profiles back every fact they had, whatever they held and however their staff
 * relations, timeline facts and tags overlapped, and also when the absorbed profile had absorbed another before.
 * jqwik runs the properties; Spring's test context (the same one the other tests share) is attached by hand.
 */
@MoatTest
class UnmergePropertyTests {

    private static final AtomicLong UNIQUE = new AtomicLong(System.nanoTime() % 1_000_000_000L * 1000);

    @LocalServerPort
    int port;

    @Autowired
    Profiles profiles;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    @Qualifier("ownerDataSource")
    DataSource owner;

    JdbcTemplate db;
    TenantId tenant;
    String slug;
    String admin;
    List<Long> tags;
    List<Long> fields;

    @BeforeProperty
    void application() throws Exception {
        new TestContextManager(getClass()).prepareTestInstance(this);
        db = new JdbcTemplate(owner);
        Api api = new Api(port);
        admin = api.admin();
        slug = api.newWorkspace(admin);
        tenant = new TenantId(
                db.queryForObject("select tenant_id from workspace.workspace where slug = ?", Long.class, slug));
        tags = ProfileSeed.threeTags(db, tenant.value());
        fields = ProfileSeed.twoFields(db, tenant.value());
    }

    @Property(tries = 30)
    void mergeThenUnmergeRestoresBothProfilesFacts(
            @ForAll("seeds") ProfileSeed survivorSeed,
            @ForAll("seeds") ProfileSeed mergedSeed,
            @ForAll boolean mergedHadAbsorbedAnother) {
        long survivor = newProfile(survivorSeed, "survivor");
        long merged = newProfile(mergedSeed, "merged");
        Long earlier = null;
        if (mergedHadAbsorbedAnother) {
            earlier = newProfile(
                    new ProfileSeed(
                            "", null, null, Set.of("s9"), 1, List.of(UNIQUE.incrementAndGet()), Set.of(), Set.of()),
                    "earlier");
            merge(merged, earlier);
        }
        var survivorBefore = ProfileFacts.of(db, tenant.value(), survivor);
        var mergedBefore = ProfileFacts.of(db, tenant.value(), merged);
        var earlierBefore = earlier == null ? null : ProfileFacts.of(db, tenant.value(), earlier);

        merge(survivor, merged);
        assertThat(ProfileFacts.of(db, tenant.value(), merged).get("identities"))
                .isEmpty();
        long mergeId = db.queryForObject(
                "select max(id) from customers.merge where tenant_id = ? and survivor_id = ? and merged_id = ?",
                Long.class,
                tenant.value(),
                survivor,
                merged);
        var answer = new Api(port)
                .post("/api/v1/workspaces/" + slug + "/customers/merges/" + mergeId + "/unmerge", admin, Map.of());

        assertThat(answer.status()).as(answer.toString()).isEqualTo(204);
        assertThat(ProfileFacts.of(db, tenant.value(), survivor)).isEqualTo(survivorBefore);
        assertThat(ProfileFacts.of(db, tenant.value(), merged)).isEqualTo(mergedBefore);
        if (earlier != null) {
            assertThat(ProfileFacts.of(db, tenant.value(), earlier)).isEqualTo(earlierBefore);
        }
    }

    @Provide
    Arbitrary<ProfileSeed> seeds() {
        return Builders.withBuilder(() -> new Object[9])
                .use(Arbitraries.of("", "小明", "Amy"))
                .in((b, v) -> set(b, 0, v))
                .use(Arbitraries.of("h-1", "h-2").injectNull(0.5))
                .in((b, v) -> set(b, 1, v))
                .use(Arbitraries.of(Instant.parse("2026-09-01T00:00:00Z"), Instant.parse("2026-09-15T00:00:00Z"))
                        .injectNull(0.4))
                .in((b, v) -> set(b, 2, v))
                .use(Arbitraries.of("s1", "s2", "s3").set().ofMaxSize(3))
                .in((b, v) -> set(b, 3, v))
                .use(Arbitraries.integers().between(0, 2))
                .in((b, v) -> set(b, 4, v))
                .use(Arbitraries.integers().between(0, 3))
                .in((b, v) -> set(b, 5, v))
                .use(Arbitraries.of("r1", "r2", "r3", "r4").set().ofMaxSize(4))
                .in((b, v) -> set(b, 6, v))
                .use(Arbitraries.integers().between(0, 2).set().ofMaxSize(3))
                .in((b, v) -> set(b, 7, v))
                .use(Arbitraries.integers().between(0, 1).set().ofMaxSize(2))
                .in((b, v) -> set(b, 8, v))
                .build(this::seed);
    }

    private static Object[] set(Object[] values, int index, Object value) {
        values[index] = value;
        return values;
    }

    @SuppressWarnings("unchecked")
    private ProfileSeed seed(Object[] v) {
        int orders = (Integer) v[5];
        List<Long> orderIds = java.util.stream.Stream.generate(UNIQUE::incrementAndGet)
                .limit(orders)
                .toList();
        Set<Long> tagIds = new java.util.TreeSet<>();
        ((Set<Integer>) v[7]).forEach(i -> tagIds.add(tags.get(i)));
        Set<Long> fieldIds = new java.util.TreeSet<>();
        ((Set<Integer>) v[8]).forEach(i -> fieldIds.add(fields.get(i)));
        return new ProfileSeed(
                (String) v[0],
                (String) v[1],
                (Instant) v[2],
                (Set<String>) v[3],
                (Integer) v[4],
                orderIds,
                (Set<String>) v[6],
                tagIds,
                fieldIds);
    }

    private long newProfile(ProfileSeed seed, String label) {
        long unique = UNIQUE.incrementAndGet();
        long id = CallContext.forTenant(tenant, "test")
                .call(() -> transactions.execute(status -> profiles.resolve(
                        tenant,
                        List.of(Identity.externalUserId("wm-" + unique), Identity.nick("jd", "nick-" + unique)),
                        "test",
                        Instant.parse("2026-11-01T08:00:00Z"))));
        seed.writeTo(db, tenant.value(), id, label + "-" + unique);
        return id;
    }

    private void merge(long survivor, long merged) {
        CallContext.forTenant(tenant, "test")
                .run(() -> transactions.executeWithoutResult(status ->
                        profiles.merge(tenant, survivor, merged, "test", Instant.parse("2026-11-02T08:00:00Z"))));
    }
}
