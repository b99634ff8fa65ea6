package io.moat.customers.internal;

import io.moat.customers.CustomerId;
import io.moat.customers.CustomerRegistered;
import io.moat.customers.CustomersMerged;
import io.moat.shared.TenantId;
import io.moat.workspace.AuditLog;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Finds the one profile a set of identities belongs to, creating it when none does and merging profiles that a
 * certain identity proves to be the same person (the oldest survives). Resolution of the same identity is
 * serialised with an advisory lock, so a callback and an import arriving together never create two profiles; a bulk
 * order link ({@link OrderLinking}) holds the workspace's identity lock exclusively instead, which every resolution
 * takes shared first.
 */
@Component
@Transactional(propagation = Propagation.MANDATORY)
public class Profiles {

    private final JdbcClient jdbc;
    private final Timeline timeline;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;

    Profiles(JdbcClient jdbc, Timeline timeline, AuditLog audit, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.timeline = timeline;
        this.audit = audit;
        this.events = events;
    }

    private static final String IDENTITY_LOCK = "customers.identity";

    /**
     * Takes the workspace's identity lock exclusively until the transaction ends: no {@link #resolve} runs meanwhile,
     * so a batch can resolve many identities without one lock each (one per identity would overflow PostgreSQL's
     * lock table on a large import).
     */
    static void lockIdentitiesExclusively(JdbcClient jdbc, TenantId tenant) {
        jdbc.sql("select pg_advisory_xact_lock(hashtextextended(? || ':' || ?, 0))")
                .params(IDENTITY_LOCK, tenant.value())
                .query((row, n) -> null)
                .list();
    }

    public long resolve(TenantId tenant, List<Identity> identities, String source, Instant now) {
        if (identities.isEmpty()) {
            throw new IllegalArgumentException("a profile needs at least one identity");
        }
        // Shared: resolutions of different people run side by side, a bulk order link (exclusive) runs alone.
        jdbc.sql("select pg_advisory_xact_lock_shared(hashtextextended(? || ':' || ?, 0))")
                .params(IDENTITY_LOCK, tenant.value())
                .query((row, n) -> null)
                .list();
        for (Identity identity : identities.stream().filter(Identity::certain).toList()) {
            jdbc.sql("select pg_advisory_xact_lock(hashtextextended(? || ':' || ? || ':' || ?, 0))")
                    .params(tenant.value(), identity.kind(), identity.value())
                    .query((row, n) -> null)
                    .list();
        }
        TreeSet<Long> owners = new TreeSet<>();
        for (Identity identity : identities.stream().filter(Identity::certain).toList()) {
            owner(tenant, identity).ifPresent(owners::add);
        }
        long customer = owners.isEmpty() ? create(tenant, source, now) : owners.first();
        for (long other : owners.tailSet(customer, false)) {
            merge(tenant, customer, other, "shared identity", now);
        }
        for (Identity identity : identities) {
            link(tenant, customer, identity, source, now);
        }
        return customer;
    }

    private java.util.Optional<Long> owner(TenantId tenant, Identity identity) {
        return jdbc.sql("""
                select coalesce(c.merged_into, c.id) from customers.identity i
                join customers.customer c on c.tenant_id = i.tenant_id and c.id = i.customer_id
                where i.tenant_id = ? and i.kind = ? and i.value = ?
                """)
                .params(tenant.value(), identity.kind(), identity.value())
                .query(Long.class)
                .optional();
    }

    private long create(TenantId tenant, String source, Instant now) {
        int number = jdbc.sql("""
                insert into customers.number_counter (tenant_id, last_number) values (?, 1)
                on conflict (tenant_id) do update set last_number = customers.number_counter.last_number + 1
                returning last_number
                """).param(tenant.value()).query(Integer.class).single();
        long id = jdbc.sql("""
                insert into customers.customer (tenant_id, number, source, created_at) values (?, ?, ?, ?)
                returning id
                """)
                .params(tenant.value(), number, source, now.atOffset(ZoneOffset.UTC))
                .query(Long.class)
                .single();
        events.publishEvent(new CustomerRegistered(tenant, new CustomerId(id), number, source));
        return id;
    }

    private void link(TenantId tenant, long customer, Identity identity, String source, Instant now) {
        jdbc.sql("""
                insert into customers.identity (tenant_id, kind, value, customer_id, source, confidence, linked_at)
                values (?, ?, ?, ?, ?, ?, ?) on conflict (tenant_id, kind, value) do nothing
                """)
                .params(
                        tenant.value(),
                        identity.kind(),
                        identity.value(),
                        customer,
                        source,
                        identity.confidence(),
                        now.atOffset(ZoneOffset.UTC))
                .update();
        if (!identity.certain()) {
            suggestIfOwnedElsewhere(tenant, customer, identity, now);
        }
    }

    private void suggestIfOwnedElsewhere(TenantId tenant, long customer, Identity identity, Instant now) {
        owner(tenant, identity).filter(other -> other != customer).ifPresent(other -> jdbc.sql("""
                        insert into customers.merge_suggestion (tenant_id, customer_id, candidate_id, reason, created_at)
                        values (?, ?, ?, ?, ?) on conflict do nothing
                        """)
                .params(
                        tenant.value(),
                        Math.min(customer, other),
                        Math.max(customer, other),
                        "same " + identity.kind() + " " + identity.value(),
                        now.atOffset(ZoneOffset.UTC))
                .update());
    }

    /**
     * Folds {@code merged} into {@code survivor}: identities, staff relations, purchases, notes, custom field values
     * and timeline move over.
     */
    public void merge(TenantId tenant, long survivor, long merged, String reason, Instant now) {
        long t = tenant.value();
        record(tenant, survivor, merged, reason, now);
        jdbc.sql("update customers.identity set customer_id = ? where tenant_id = ? and customer_id = ?")
                .params(survivor, t, merged)
                .update();
        jdbc.sql("""
                insert into customers.staff_relation
                    (tenant_id, customer_id, staff_user_id, state, added_at, removed_at, removed_by)
                select tenant_id, ?, staff_user_id, state, added_at, removed_at, removed_by
                from customers.staff_relation where tenant_id = ? and customer_id = ?
                on conflict do nothing
                """).params(survivor, t, merged).update();
        jdbc.sql("delete from customers.staff_relation where tenant_id = ? and customer_id = ?")
                .params(t, merged)
                .update();
        jdbc.sql("update customers.purchase set customer_id = ? where tenant_id = ? and customer_id = ?")
                .params(survivor, t, merged)
                .update();
        jdbc.sql("update customers.note set customer_id = ? where tenant_id = ? and customer_id = ?")
                .params(survivor, t, merged)
                .update();
        jdbc.sql("""
                insert into customers.field_value (tenant_id, customer_id, field_id, value, updated_at)
                select tenant_id, ?, field_id, value, updated_at
                from customers.field_value where tenant_id = ? and customer_id = ?
                on conflict do nothing
                """).params(survivor, t, merged).update();
        jdbc.sql("delete from customers.field_value where tenant_id = ? and customer_id = ?")
                .params(t, merged)
                .update();
        jdbc.sql("""
                insert into customers.timeline_event (tenant_id, customer_id, occurred_at, kind, source_ref, detail)
                select tenant_id, ?, occurred_at, kind, source_ref, detail
                from customers.timeline_event where tenant_id = ? and customer_id = ?
                on conflict do nothing
                """).params(survivor, t, merged).update();
        jdbc.sql("delete from customers.timeline_event where tenant_id = ? and customer_id = ?")
                .params(t, merged)
                .update();
        jdbc.sql("""
                update customers.customer s set
                    display_name = case when s.display_name = '' then m.display_name else s.display_name end,
                    phone_hash = coalesce(s.phone_hash, m.phone_hash), phone_sealed = coalesce(s.phone_sealed, m.phone_sealed),
                    phone_masked = coalesce(s.phone_masked, m.phone_masked),
                    first_added_at = least(s.first_added_at, m.first_added_at)
                from customers.customer m
                where s.tenant_id = ? and s.id = ? and m.tenant_id = s.tenant_id and m.id = ?
                """).params(t, survivor, merged).update();
        jdbc.sql("update customers.customer set merged_into = ? where tenant_id = ? and (id = ? or merged_into = ?)")
                .params(survivor, t, merged, merged)
                .update();
        timeline.append(tenant, survivor, now, "merged", "merge:" + merged, Map.of("merged", merged, "reason", reason));
        audit.record("customer.merged", "customer:" + survivor, Map.of("merged", merged, "reason", reason));
        events.publishEvent(new CustomersMerged(tenant, new CustomerId(survivor), new CustomerId(merged), reason));
    }

    /**
     * Writes down, before anything moves, what this merge is about to move, so {@link Unmerging} can put it back
     * exactly: keys of the identities, purchases and notes; whole rows of relations and timeline facts with the keys
     * the survivor lacked (those are moved, the rest were duplicates); the survivor's own fields; and the profiles
     * that had been merged into the absorbed one.
     */
    private void record(TenantId tenant, long survivor, long merged, String reason, Instant now) {
        jdbc.sql("""
                insert into customers.merge (tenant_id, survivor_id, merged_id, reason, merged_at, moved)
                select :tenant, :survivor, :merged, :reason, :now, jsonb_build_object(
                    'identities', (select coalesce(jsonb_agg(jsonb_build_array(i.kind, i.value)), '[]')
                                   from customers.identity i where i.tenant_id = :tenant and i.customer_id = :merged),
                    'purchases', (select coalesce(jsonb_agg(p.order_id), '[]')
                                  from customers.purchase p where p.tenant_id = :tenant and p.customer_id = :merged),
                    'notes', (select coalesce(jsonb_agg(n.id), '[]')
                              from customers.note n where n.tenant_id = :tenant and n.customer_id = :merged),
                    'relations', (select coalesce(jsonb_agg(to_jsonb(r)), '[]')
                                  from customers.staff_relation r where r.tenant_id = :tenant and r.customer_id = :merged),
                    'relationsAdded', (select coalesce(jsonb_agg(r.staff_user_id), '[]')
                                       from customers.staff_relation r
                                       where r.tenant_id = :tenant and r.customer_id = :merged
                                         and not exists (select 1 from customers.staff_relation s
                                                         where s.tenant_id = r.tenant_id and s.customer_id = :survivor
                                                           and s.staff_user_id = r.staff_user_id)),
                    'timeline', (select coalesce(jsonb_agg(to_jsonb(e)), '[]')
                                 from customers.timeline_event e where e.tenant_id = :tenant and e.customer_id = :merged),
                    'timelineAdded', (select coalesce(jsonb_agg(jsonb_build_array(e.occurred_at, e.source_ref)), '[]')
                                      from customers.timeline_event e
                                      where e.tenant_id = :tenant and e.customer_id = :merged
                                        and not exists (select 1 from customers.timeline_event s
                                                        where s.tenant_id = e.tenant_id and s.customer_id = :survivor
                                                          and s.occurred_at = e.occurred_at
                                                          and s.source_ref = e.source_ref)),
                    'fields', (select coalesce(jsonb_agg(to_jsonb(f)), '[]')
                               from customers.field_value f where f.tenant_id = :tenant and f.customer_id = :merged),
                    'fieldsAdded', (select coalesce(jsonb_agg(f.field_id), '[]')
                                    from customers.field_value f
                                    where f.tenant_id = :tenant and f.customer_id = :merged
                                      and not exists (select 1 from customers.field_value s
                                                      where s.tenant_id = f.tenant_id and s.customer_id = :survivor
                                                        and s.field_id = f.field_id)),
                    'survivor', (select jsonb_build_object('display_name', c.display_name, 'phone_hash', c.phone_hash,
                                        'phone_sealed', c.phone_sealed, 'phone_masked', c.phone_masked,
                                        'first_added_at', c.first_added_at)
                                 from customers.customer c where c.tenant_id = :tenant and c.id = :survivor),
                    'redirected', (select coalesce(jsonb_agg(c.id), '[]')
                                   from customers.customer c where c.tenant_id = :tenant and c.merged_into = :merged))
                """)
                .param("tenant", tenant.value())
                .param("survivor", survivor)
                .param("merged", merged)
                .param("reason", reason)
                .param("now", now.atOffset(ZoneOffset.UTC))
                .update();
    }
}
