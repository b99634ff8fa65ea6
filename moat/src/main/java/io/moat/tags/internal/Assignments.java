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

    /**
     * A merged profile's tags follow it to the survivor. What moved is written down (and whether the survivor lacked
     * the tag) so that {@link #moveBack} can undo it when the merge is undone.
     */
    public void move(TenantId tenant, long from, long to) {
        jdbc.sql("delete from tags.merge_move where tenant_id = ? and survivor_id = ? and merged_id = ?")
                .params(tenant.value(), to, from)
                .update();
        jdbc.sql("""
                insert into tags.merge_move
                    (tenant_id, survivor_id, merged_id, tag_id, source, assigned_by, assigned_at, added)
                select a.tenant_id, ?, a.customer_id, a.tag_id, a.source, a.assigned_by, a.assigned_at,
                       not exists (select 1 from tags.tag_assignment s
                                   where s.tenant_id = a.tenant_id and s.customer_id = ? and s.tag_id = a.tag_id)
                from tags.tag_assignment a where a.tenant_id = ? and a.customer_id = ?
                """).params(to, to, tenant.value(), from).update();
        jdbc.sql("""
                insert into tags.tag_assignment (tenant_id, customer_id, tag_id, source, assigned_by, assigned_at)
                select tenant_id, ?, tag_id, source, assigned_by, assigned_at
                from tags.tag_assignment where tenant_id = ? and customer_id = ?
                on conflict do nothing
                """).params(to, tenant.value(), from).update();
        int moved = jdbc.sql("delete from tags.tag_assignment where tenant_id = ? and customer_id = ?")
                .params(tenant.value(), from)
                .update();
        // Most merged profiles (a bulk order link's buyers) have no tags: then the index has nothing to learn here.
        changed(tenant, List.of(from, to), moved);
    }

    /** Audiences index assignments: say whom a write touched, if it changed anything. */
    private int changed(TenantId tenant, Collection<Long> customers, int rows) {
        if (rows > 0) {
            events.publishEvent(new CustomerTagsChanged(
                    tenant, customers.stream().distinct().map(CustomerId::new).toList()));
        }
        return rows;
    }

    /**
     * Undoes {@link #move}: tags the survivor only had from the merged profile go back to it, tags both had are
     * copied back as the merged profile had them. Tags given to the survivor since the merge stay.
     */
    public void moveBack(TenantId tenant, long survivor, long merged) {
        jdbc.sql("""
                update tags.tag_assignment a set customer_id = m.merged_id
                from tags.merge_move m
                where m.tenant_id = ? and m.survivor_id = ? and m.merged_id = ? and m.added
                  and a.tenant_id = m.tenant_id and a.customer_id = m.survivor_id and a.tag_id = m.tag_id
                """).params(tenant.value(), survivor, merged).update();
        jdbc.sql("""
                insert into tags.tag_assignment (tenant_id, customer_id, tag_id, source, assigned_by, assigned_at)
                select tenant_id, merged_id, tag_id, source, assigned_by, assigned_at from tags.merge_move
                where tenant_id = ? and survivor_id = ? and merged_id = ? and not added
                on conflict do nothing
                """).params(tenant.value(), survivor, merged).update();
        jdbc.sql("delete from tags.merge_move where tenant_id = ? and survivor_id = ? and merged_id = ?")
                .params(tenant.value(), survivor, merged)
                .update();
    }

    private static Long[] ids(Collection<Long> ids) {
        return ids.toArray(Long[]::new);
    }

    private static OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
