package io.moat.customers.internal;

import io.moat.shared.TenantId;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The profiles behind a batch of items that name people by identity — the orders of an import ({@link OrderLinking})
 * or the contacts of a full sync's page ({@link ContactPages}) — found as resolving them one by one ({@link
 * Profiles#resolve}) would find them, with a fixed number of statements whatever the batch's size: the owners of all
 * the batch's certain identities are read at once, items sharing a certain identity are one person together with the
 * profiles owning any of them ({@link BuyerGroups}; several profiles are merged into the oldest), and the people
 * without a profile get one each, numbered consecutively, in one insert.
 *
 * <p>It takes the workspace's identity lock exclusively for the rest of the caller's transaction, so a callback
 * resolving one of these people meanwhile waits instead of creating a second profile; the caller then links the
 * identities under the same lock.
 */
@Component
@Transactional(propagation = Propagation.MANDATORY)
class BatchPeople {

    private final Profiles profiles;
    private final JdbcClient jdbc;

    BatchPeople(Profiles profiles, JdbcClient jdbc) {
        this.profiles = profiles;
        this.jdbc = jdbc;
    }

    /**
     * The surviving profile of each item, by index, or 0 for an item without a certain identity.
     *
     * @param certain each item's certain identities, as {@link #key}
     * @param source what created a new profile ({@code customers.customer.source})
     * @param at each item's moment: a new profile is created at its person's first item's, a merge is recorded at it
     */
    long[] profiles(TenantId tenant, List<List<String>> certain, String source, IntFunction<Instant> at) {
        long[] customers = new long[certain.size()];
        Profiles.lockIdentitiesExclusively(jdbc, tenant);
        List<BuyerGroups.Group> newPeople = new ArrayList<>();
        for (BuyerGroups.Group person : BuyerGroups.of(certain, owners(tenant, certain))) {
            if (person.owners().isEmpty()) {
                newPeople.add(person);
                continue;
            }
            long survivor = person.owners().first();
            Instant when = at.apply(person.orders().getFirst());
            for (long other : person.owners().tailSet(survivor, false)) {
                profiles.merge(tenant, survivor, other, "shared identity", when);
            }
            person.orders().forEach(item -> customers[item] = survivor);
        }
        long[] created = create(
                tenant,
                source,
                newPeople.stream().map(p -> at.apply(p.orders().getFirst())).toList());
        for (int i = 0; i < newPeople.size(); i++) {
            long customer = created[i];
            newPeople.get(i).orders().forEach(item -> customers[item] = customer);
        }
        return customers;
    }

    /** An identity as {@link BuyerGroups} and the owner look-up name it. */
    static String key(Identity identity) {
        return identity.kind() + '\u0000' + identity.value();
    }

    /** The profile that owns each of these identities now, by {@link #key}; unknown identities are absent. */
    private Map<String, Long> owners(TenantId tenant, List<List<String>> keys) {
        LinkedHashSet<String> distinct = new LinkedHashSet<>();
        keys.forEach(distinct::addAll);
        Map<String, Long> owners = new HashMap<>();
        if (distinct.isEmpty()) {
            return owners;
        }
        List<String> kinds = new ArrayList<>(distinct.size());
        List<String> values = new ArrayList<>(distinct.size());
        for (String key : distinct) {
            int split = key.indexOf('\u0000');
            kinds.add(key.substring(0, split));
            values.add(key.substring(split + 1));
        }
        jdbc.sql("""
                select i.kind, i.value, coalesce(c.merged_into, c.id)
                from unnest(cast(:kinds as text[]), cast(:values as text[])) as x(kind, value)
                join customers.identity i on i.tenant_id = :tenant and i.kind = x.kind and i.value = x.value
                join customers.customer c on c.tenant_id = i.tenant_id and c.id = i.customer_id
                """)
                .param("tenant", tenant.value())
                .param("kinds", kinds.toArray(String[]::new))
                .param("values", values.toArray(String[]::new))
                .query((row, n) -> owners.put(row.getString(1) + '\u0000' + row.getString(2), row.getLong(3)))
                .list();
        return owners;
    }

    /** One profile per moment given, numbered consecutively, created at that moment; returns their ids in order. */
    private long[] create(TenantId tenant, String source, List<Instant> createdAt) {
        int count = createdAt.size();
        if (count == 0) {
            return new long[0];
        }
        int last =
                jdbc.sql("""
                insert into customers.number_counter (tenant_id, last_number) values (?, ?)
                on conflict (tenant_id) do update set last_number = customers.number_counter.last_number + excluded.last_number
                returning last_number
                """).params(tenant.value(), count).query(Integer.class).single();
        Integer[] numbers = new Integer[count];
        Long[] micros = new Long[count];
        for (int i = 0; i < count; i++) {
            numbers[i] = last - count + 1 + i;
            micros[i] = ChronoUnit.MICROS.between(Instant.EPOCH, createdAt.get(i));
        }
        Map<Integer, Long> ids = new HashMap<>(count * 2);
        jdbc.sql("""
                insert into customers.customer (tenant_id, number, source, created_at)
                select :tenant, x.number, :source, timestamptz 'epoch' + x.at_us * interval '1 microsecond'
                from unnest(cast(:numbers as int[]), cast(:micros as bigint[])) as x(number, at_us)
                returning id, number
                """)
                .param("tenant", tenant.value())
                .param("source", source)
                .param("numbers", numbers)
                .param("micros", micros)
                .query((row, n) -> ids.put(row.getInt(2), row.getLong(1)))
                .list();
        long[] created = new long[count];
        for (int i = 0; i < count; i++) {
            created[i] = ids.get(numbers[i]);
        }
        return created;
    }
}
