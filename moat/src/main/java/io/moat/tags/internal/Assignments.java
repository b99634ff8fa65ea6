package io.moat.tags.internal;

import io.moat.customers.CustomerId;
import io.moat.shared.TenantId;
import io.moat.tags.CustomerTagsChanged;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Which customers carry which tags. Set-like: adding what is there or removing what is not changes nothing, so
 * every caller may repeat itself. An assignment keeps the source and time of its first adding.
 */
@Component
@Transactional(propagation = Propagation.MANDATORY)
public class Assignments {

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;

    Assignments(JdbcClient jdbc, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.events = events;
    }

    /** One of a customer's tags, with its group, as a profile shows it. */
    public record Assigned(
            long tagId,
            String name,
            long groupId,
            String groupName,
            String kind,
            String source,
            String assignedBy,
            OffsetDateTime assignedAt) {}

    public int add(
            TenantId tenant, long customer, Collection<Long> tagIds, AssignmentSource source, String by, Instant at) {
        return changed(
                tenant,
                List.of(customer),
                jdbc.sql("""
                insert into tags.tag_assignment (tenant_id, customer_id, tag_id, source, assigned_by, assigned_at)
                select ?, ?, tag_id, ?, ?, ? from unnest(cast(? as bigint[])) as tag_id
                on conflict do nothing
                """)
                        .params(tenant.value(), customer, source.code(), by, at(at), ids(tagIds))
                        .update());
    }

    public int remove(TenantId tenant, long customer, Collection<Long> tagIds) {
        return changed(
                tenant,
                List.of(customer),
                jdbc.sql("delete from tags.tag_assignment where tenant_id = ? and customer_id = ? and tag_id = any(?)")
                        .params(tenant.value(), customer, ids(tagIds))
                        .update());
    }

    /** Gives one tag to many customers. */
    public int addToAll(
            TenantId tenant, long tagId, Collection<Long> customers, AssignmentSource source, String by, Instant at) {
        return changed(
                tenant,
                customers,
                jdbc.sql("""
                insert into tags.tag_assignment (tenant_id, customer_id, tag_id, source, assigned_by, assigned_at)
                select ?, customer_id, ?, ?, ?, ? from unnest(cast(? as bigint[])) as customer_id
                on conflict do nothing
                """)
                        .params(tenant.value(), tagId, source.code(), by, at(at), ids(customers))
                        .update());
    }

    public int removeFromAll(TenantId tenant, long tagId, Collection<Long> customers) {
        return changed(
                tenant,
                customers,
                jdbc.sql("delete from tags.tag_assignment where tenant_id = ? and tag_id = ? and customer_id = any(?)")
                        .params(tenant.value(), tagId, ids(customers))
                        .update());
    }

    public List<Assigned> of(TenantId tenant, long customer) {
        return jdbc.sql("""
                select t.id as tag_id, t.name, g.id as group_id, g.name as group_name, g.kind, a.source, a.assigned_by,
                       a.assigned_at
                from tags.tag_assignment a
                join tags.tag t on t.tenant_id = a.tenant_id and t.id = a.tag_id
                join tags.tag_group g on g.tenant_id = t.tenant_id and g.id = t.group_id
                where a.tenant_id = ? and a.customer_id = ? and t.deleted_at is null
                order by g.sort desc, g.id, t.sort desc, t.id
                """)
                .params(tenant.value(), customer)
                .query(Assigned.class)
                .list();
    }

    /** A merged profile's tags follow it to the survivor. */
    public void move(TenantId tenant, long from, long to) {
        jdbc.sql("""
                insert into tags.tag_assignment (tenant_id, customer_id, tag_id, source, assigned_by, assigned_at)
                select tenant_id, ?, tag_id, source, assigned_by, assigned_at
                from tags.tag_assignment where tenant_id = ? and customer_id = ?
                on conflict do nothing
                """).params(to, tenant.value(), from).update();
        jdbc.sql("delete from tags.tag_assignment where tenant_id = ? and customer_id = ?")
                .params(tenant.value(), from)
                .update();
        changed(tenant, List.of(from, to), 1);
    }

    /** Audiences index assignments: say whom a write touched, if it changed anything. */
    private int changed(TenantId tenant, Collection<Long> customers, int rows) {
        if (rows > 0) {
            events.publishEvent(new CustomerTagsChanged(
                    tenant, customers.stream().distinct().map(CustomerId::new).toList()));
        }
        return rows;
    }

    private static Long[] ids(Collection<Long> ids) {
        return ids.toArray(Long[]::new);
    }

    private static OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
