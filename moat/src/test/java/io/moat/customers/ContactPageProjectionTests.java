package io.moat.customers;

import static org.assertj.core.api.Assertions.assertThat;

import io.moat.Api;
import io.moat.MoatTest;
import io.moat.RecordedEvents;
import io.moat.shared.TenantId;
import io.moat.shared.context.CallContext;
import io.moat.wecom.ContactRefreshed;
import io.moat.wecom.ContactsRefreshed;
import io.moat.wecom.StaffDeletedByCustomer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.sql.DataSource;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.BeforeProperty;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestContextManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A full sync's page is projected set-based ({@code ContactsRefreshed}); it must leave the same people as projecting
 * its contacts one after another ({@code ContactRefreshed}): the same contacts in one profile, each profile with the
 * same identities, name, gender and staff relations (open or removed, with state and add time). The pools are small
 * so that contacts share unionids and phones within the page and with profiles that existed before it (merges),
 * repeat in the page (one listing per staff member) and meet relations their customer deleted earlier.
 */
@MoatTest
class ContactPageProjectionTests {

    private static final Instant T0 = Instant.parse("2026-06-01T00:00:00Z");
    private static final List<String> CONTACTS = List.of("wm-a", "wm-b", "wm-c", "wm-d", "wm-e", "wm-f");

    @LocalServerPort
    int port;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    RecordedEvents recorded;

    @Autowired
    @Qualifier("ownerDataSource")
    DataSource owner;

    JdbcTemplate db;
    Api api;
    String admin;

    @BeforeProperty
    void application() throws Exception {
        new TestContextManager(getClass()).prepareTestInstance(this);
        db = new JdbcTemplate(owner);
        api = new Api(port);
        admin = api.admin();
    }

    /** Something that happened before the page: a contact projected on its own, or a relation deleted. */
    record Before(ContactRefreshed contact, boolean thenDeletedByCustomer) {}

    @Property(tries = 25)
    void aPageLeavesTheSamePeopleAsItsContactsOneByOne(
            @ForAll("histories") List<Before> before, @ForAll("pages") List<ContactRefreshed> page) {
        TenantId oneByOne = workspace();
        TenantId paged = workspace();
        for (TenantId tenant : List.of(oneByOne, paged)) {
            for (Before fact : before) {
                ContactRefreshed contact = in(tenant, fact.contact());
                publish(tenant, contact);
                if (fact.thenDeletedByCustomer() && !contact.relations().isEmpty()) {
                    var relation = contact.relations().getFirst();
                    publish(
                            tenant,
                            new StaffDeletedByCustomer(
                                    tenant,
                                    contact.externalUserId(),
                                    relation.staffUserId(),
                                    T0.plusSeconds(2 * 86_400)));
                }
            }
        }
        long mergesBefore = merges(oneByOne);
        page.forEach(contact -> publish(oneByOne, in(oneByOne, contact)));
        // A merge moves the absorbed profile's staff relations over but keeps the survivor's where both have one with
        // the same staff member. One by one, a merge happens in the middle of the page, after earlier contacts wrote
        // relations to the profile that is then absorbed (or that the page itself had just created for a new contact);
        // the page merges first and writes every relation to the survivor, so it drops none of them. Where the page
        // merged profiles the relations may therefore differ (the page's are WeCom's), and only the people, their
        // identities, names and genders are compared.
        boolean merged = merges(oneByOne) > mergesBefore;
        int announcements = recorded.of(CustomerFactsChanged.class).size();
        publish(
                paged,
                new ContactsRefreshed(
                        paged, page.stream().map(c -> in(paged, c)).toList()));

        assertThat(people(paged, !merged)).isEqualTo(people(oneByOne, !merged));
        var announced = recorded.of(CustomerFactsChanged.class).stream()
                .skip(announcements)
                .filter(e -> e.tenant().equals(paged))
                .flatMap(e -> e.customers().stream().map(CustomerId::value))
                .collect(java.util.stream.Collectors.toSet());
        assertThat(announced)
                .as("the page's facts-changed event names every profile of the page")
                .containsAll(profilesOf(paged, page));
    }

    @Provide
    Arbitrary<List<Before>> histories() {
        return Combinators.combine(contacts(), Arbitraries.integers().between(0, 3))
                .as((contact, roll) -> new Before(contact, roll == 0))
                .list()
                .ofMaxSize(4);
    }

    @Provide
    Arbitrary<List<ContactRefreshed>> pages() {
        return contacts().list().ofMinSize(1).ofMaxSize(8);
    }

    private Arbitrary<ContactRefreshed> contacts() {
        Arbitrary<ContactRefreshed.Relation> relation = Combinators.combine(
                        Arbitraries.of("s1", "s2", "s3"),
                        Arbitraries.of("pkgcard-01", "live").injectNull(0.4),
                        Arbitraries.integers().between(0, 4))
                .as((staff, state, day) ->
                        new ContactRefreshed.Relation(staff, state, day == 4 ? null : T0.plusSeconds(day * 86_400L)));
        return Combinators.combine(
                        Arbitraries.of(CONTACTS),
                        Arbitraries.of("小明", "Amy", ""),
                        Arbitraries.integers().between(0, 2),
                        Arbitraries.of("u-1", "u-2", "u-3").injectNull(0.5),
                        Arbitraries.of("h-1", "h-2", "h-3").list().ofMaxSize(2).uniqueElements(),
                        relation.list().ofMaxSize(2))
                .as((id, name, gender, unionid, phones, relations) -> new ContactRefreshed(
                        new TenantId(1), id, name, gender, unionid, phones, relations, T0.plusSeconds(5 * 86_400)));
    }

    /** Each profile that holds a contact: its identities, name, gender and relations, keyed by its identities. */
    private Map<String, String> people(TenantId tenant, boolean withRelations) {
        Map<String, String> people = new TreeMap<>();
        List<Long> ids = db.queryForList(
                "select id from customers.customer where tenant_id = ? and merged_into is null",
                Long.class,
                tenant.value());
        for (long id : ids) {
            var identities = new TreeSet<>(db.queryForList(
                    "select kind || ':' || value from customers.identity where tenant_id = ? and customer_id = ?",
                    String.class,
                    tenant.value(),
                    id));
            var profile = db.queryForMap(
                    "select display_name, gender from customers.customer where tenant_id = ? and id = ?",
                    tenant.value(),
                    id);
            var relations = new TreeSet<>(db.queryForList("""
                    select staff_user_id || '|' || coalesce(state, '-') || '|' || added_at || '|'
                        || coalesce(removed_at::text, 'open') || '|' || coalesce(removed_by, '-')
                    from customers.staff_relation where tenant_id = ? and customer_id = ?
                    """, String.class, tenant.value(), id));
            people.put(
                    identities.toString(),
                    profile.get("display_name") + " " + profile.get("gender") + (withRelations ? " " + relations : ""));
        }
        return people;
    }

    private long merges(TenantId tenant) {
        return db.queryForObject(
                "select count(*) from customers.merge where tenant_id = ?", Long.class, tenant.value());
    }

    private List<Long> profilesOf(TenantId tenant, List<ContactRefreshed> page) {
        List<Long> ids = new ArrayList<>();
        for (ContactRefreshed contact : page) {
            ids.add(db.queryForObject("""
                    select coalesce(c.merged_into, c.id) from customers.identity i
                    join customers.customer c on c.tenant_id = i.tenant_id and c.id = i.customer_id
                    where i.tenant_id = ? and i.kind = 'external_userid' and i.value = ?
                    """, Long.class, tenant.value(), contact.externalUserId()));
        }
        return ids;
    }

    private TenantId workspace() {
        String slug = api.newWorkspace(admin);
        return new TenantId(
                db.queryForObject("select tenant_id from workspace.workspace where slug = ?", Long.class, slug));
    }

    private static ContactRefreshed in(TenantId tenant, ContactRefreshed contact) {
        return new ContactRefreshed(
                tenant,
                contact.externalUserId(),
                contact.name(),
                contact.gender(),
                contact.unionid(),
                contact.phoneHashes(),
                contact.relations(),
                contact.at());
    }

    private void publish(TenantId tenant, @Nullable Object event) {
        CallContext.forTenant(tenant, "test")
                .run(() -> transactions.executeWithoutResult(status -> events.publishEvent(event)));
    }
}
