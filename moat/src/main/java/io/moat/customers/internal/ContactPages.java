package io.moat.customers.internal;

import io.moat.shared.TenantId;
import io.moat.wecom.ContactRefreshed;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * A full sync's page of WeCom contacts projected into profiles set-based, with the same outcome as resolving and
 * projecting the contacts one after another ({@link WecomProjection}) but a fixed number of statements per page
 * instead of a dozen per contact: the page's people are found, merged and created at once ({@link BatchPeople}, as
 * for a bulk order link, whose identity lock it also holds), and identities, names and staff relations are written
 * with one {@code INSERT/UPDATE … FROM unnest} each.
 *
 * <p>One difference is deliberate: one by one, a contact new to Moat first gets a profile of its own that a later
 * contact of the page may merge away, and a merge keeps the survivor's relation to a staff member both profiles have
 * and drops the other. The page merges first and never creates such a passing profile, so every relation WeCom
 * listed reaches the survivor ({@code ContactPageProjectionTests} compares the two ways).
 *
 * <p>The profiles created here are announced by the page's {@code CustomerFactsChanged} (which the caller publishes
 * for every customer of the page), not by one {@code CustomerRegistered} each: one audience refresh per contact of a
 * 50k-customer sync would cost more than the projection itself.
 */
@Component
@Transactional(propagation = Propagation.MANDATORY)
class ContactPages {

    private final BatchPeople people;
    private final JdbcClient jdbc;

    ContactPages(BatchPeople people, JdbcClient jdbc) {
        this.people = people;
        this.jdbc = jdbc;
    }

    /** Projects the page; returns its customers (surviving profiles) in page order, each once. */
    List<Long> project(TenantId tenant, List<ContactRefreshed> page) {
        if (page.isEmpty()) {
            return List.of();
        }
        List<List<Identity>> identities =
                page.stream().map(ContactPages::identities).toList();
        List<List<String>> keys = identities.stream()
                .map(list -> list.stream().map(BatchPeople::key).toList())
                .toList();
        long[] customers = people.profiles(
                tenant, keys, "wecom", contact -> page.get(contact).at());

        linkIdentities(tenant, page, identities, customers);
        names(tenant, page, customers);
        relations(tenant, page, customers);

        LinkedHashSet<Long> projected = new LinkedHashSet<>();
        for (long customer : customers) {
            projected.add(customer);
        }
        return List.copyOf(projected);
    }

    /** The contact's identities as {@link WecomProjection} resolves them: all certain. */
    static List<Identity> identities(ContactRefreshed refreshed) {
        List<Identity> identities = new ArrayList<>();
        identities.add(Identity.externalUserId(refreshed.externalUserId()));
        if (refreshed.unionid() != null && !refreshed.unionid().isBlank()) {
            identities.add(Identity.unionid(refreshed.unionid()));
        }
        refreshed.phoneHashes().forEach(hash -> identities.add(Identity.phoneHash(hash)));
        return identities;
    }

    /** Every identity joins its profile; one already owned stays where it is (the first contact naming it wins). */
    private void linkIdentities(
            TenantId tenant, List<ContactRefreshed> page, List<List<Identity>> identities, long[] customers) {
        List<String> kinds = new ArrayList<>();
        List<String> values = new ArrayList<>();
        List<Long> owners = new ArrayList<>();
        List<Long> micros = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int contact = 0; contact < page.size(); contact++) {
            for (Identity identity : identities.get(contact)) {
                if (seen.add(BatchPeople.key(identity))) {
                    kinds.add(identity.kind());
                    values.add(identity.value());
                    owners.add(customers[contact]);
                    micros.add(micros(page.get(contact).at()));
                }
            }
        }
        jdbc.sql("""
                insert into customers.identity (tenant_id, kind, value, customer_id, source, confidence, linked_at)
                select :tenant, x.kind, x.value, x.customer_id, 'wecom', 'certain',
                       timestamptz 'epoch' + x.at_us * interval '1 microsecond'
                from unnest(cast(:kinds as text[]), cast(:values as text[]), cast(:customers as bigint[]),
                            cast(:micros as bigint[])) as x(kind, value, customer_id, at_us)
                on conflict (tenant_id, kind, value) do nothing
                """)
                .param("tenant", tenant.value())
                .param("kinds", kinds.toArray(String[]::new))
                .param("values", values.toArray(String[]::new))
                .param("customers", owners.toArray(Long[]::new))
                .param("micros", micros.toArray(Long[]::new))
                .update();
    }

    /** Name and gender as WeCom shows them; a profile named by two contacts of the page keeps the later one. */
    private void names(TenantId tenant, List<ContactRefreshed> page, long[] customers) {
        Map<Long, ContactRefreshed> latest = new LinkedHashMap<>();
        for (int contact = 0; contact < page.size(); contact++) {
            latest.put(customers[contact], page.get(contact));
        }
        jdbc.sql("""
                update customers.customer c set display_name = x.name, gender = x.gender
                from unnest(cast(:ids as bigint[]), cast(:names as text[]), cast(:genders as int[]))
                         as x(id, name, gender)
                where c.tenant_id = :tenant and c.id = x.id
                """)
                .param("tenant", tenant.value())
                .param("ids", latest.keySet().toArray(Long[]::new))
                .param(
                        "names",
                        latest.values().stream().map(ContactRefreshed::name).toArray(String[]::new))
                .param(
                        "genders",
                        latest.values().stream().map(ContactRefreshed::gender).toArray(Integer[]::new))
                .update();
    }

    /**
     * The staff relations WeCom listed, opened (or re-opened when the listing is newer than their removal). A
     * relation the page lists more than once (two contacts of one person with the same staff member) is written in
     * rounds, its first listing in the first statement and so on, so it ends as the upserts one after another leave
     * it; a page without such repeats takes one statement.
     */
    private void relations(TenantId tenant, List<ContactRefreshed> page, long[] customers) {
        record Key(long customer, String staff) {}
        record Row(long customer, String staff, @Nullable String state, Instant addedAt) {}
        List<List<Row>> rounds = new ArrayList<>();
        Map<Key, Integer> listed = new HashMap<>();
        for (int contact = 0; contact < page.size(); contact++) {
            ContactRefreshed refreshed = page.get(contact);
            for (var relation : refreshed.relations()) {
                int round = listed.merge(new Key(customers[contact], relation.staffUserId()), 1, Integer::sum) - 1;
                if (round == rounds.size()) {
                    rounds.add(new ArrayList<>());
                }
                rounds.get(round)
                        .add(new Row(
                                customers[contact],
                                relation.staffUserId(),
                                relation.state(),
                                relation.addedAt() == null ? refreshed.at() : relation.addedAt()));
            }
        }
        for (List<Row> rows : rounds) {
            jdbc.sql("""
                    insert into customers.staff_relation (tenant_id, customer_id, staff_user_id, state, added_at)
                    select :tenant, x.customer_id, x.staff, x.state,
                           timestamptz 'epoch' + x.at_us * interval '1 microsecond'
                    from unnest(cast(:customers as bigint[]), cast(:staff as text[]), cast(:states as text[]),
                                cast(:micros as bigint[])) as x(customer_id, staff, state, at_us)
                    on conflict (tenant_id, customer_id, staff_user_id) do update
                        set state = coalesce(excluded.state, customers.staff_relation.state),
                            added_at = least(customers.staff_relation.added_at, excluded.added_at),
                            removed_at = null, removed_by = null
                        where customers.staff_relation.removed_at is null or customers.staff_relation.removed_at < excluded.added_at
                    """)
                    .param("tenant", tenant.value())
                    .param("customers", rows.stream().map(Row::customer).toArray(Long[]::new))
                    .param("staff", rows.stream().map(Row::staff).toArray(String[]::new))
                    .param("states", rows.stream().map(Row::state).toArray(String[]::new))
                    .param("micros", rows.stream().map(r -> micros(r.addedAt())).toArray(Long[]::new))
                    .update();
        }
    }

    private static long micros(Instant at) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, at);
    }
}
