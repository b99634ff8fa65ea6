package io.moat.customers.internal;

import io.moat.customers.CustomerId;
import io.moat.customers.CustomersUnmerged;
import io.moat.shared.Problem;
import io.moat.shared.context.CallContext;
import io.moat.workspace.AuditLog;
import io.moat.workspace.CurrentWorkspace;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Undoes a merge from what {@link Profiles#merge} wrote down: the absorbed profile gets back its identities,
 * purchases, notes, staff relations and timeline facts, the survivor loses what it only had from the merge and gets
 * its own fields back, and profiles that had been merged into the absorbed one point to it again. Facts that arrived
 * after the merge stay with the survivor. Merges into one survivor are undone newest first, so each one finds the
 * survivor as it left it. The pair is then kept apart (a resolved suggestion), and the undo is audited.
 */
@Service
@Transactional
public class Unmerging {

    private static final String MERGES = """
            select m.id, m.survivor_id, s.display_name as survivor_name, m.merged_id, a.display_name as merged_name,
                   m.reason, m.merged_at, m.unmerged_at, m.unmerged_by,
                   (m.unmerged_at is null and s.merged_into is null
                    and not exists (select 1 from customers.merge later where later.tenant_id = m.tenant_id
                                    and later.survivor_id = m.survivor_id and later.id > m.id
                                    and later.unmerged_at is null)) as undoable
            from customers.merge m
            join customers.customer s on s.tenant_id = m.tenant_id and s.id = m.survivor_id
            join customers.customer a on a.tenant_id = m.tenant_id and a.id = m.merged_id
            where m.tenant_id = :tenant
            """;

    private final JdbcClient jdbc;
    private final Timeline timeline;
    private final CustomerValues values;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    Unmerging(
            JdbcClient jdbc,
            Timeline timeline,
            CustomerValues values,
            AuditLog audit,
            ApplicationEventPublisher events,
            Clock clock) {
        this.jdbc = jdbc;
        this.timeline = timeline;
        this.values = values;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
    }

    /** One recorded merge; {@code undoable} when it is still in place and nothing newer stands on it. */
    public record Merge(
            long id,
            long survivorId,
            String survivorName,
            long mergedId,
            String mergedName,
            String reason,
            OffsetDateTime mergedAt,
            @Nullable OffsetDateTime unmergedAt,
            @Nullable String unmergedBy,
            boolean undoable) {}

    public List<Merge> recent(CurrentWorkspace workspace, int limit) {
        return jdbc.sql(MERGES + " order by m.id desc limit :limit")
                .param("tenant", workspace.tenant().value())
                .param("limit", limit)
                .query(Merge.class)
                .list();
    }

    /** The merges a profile took part in, as survivor or as the absorbed one. */
    public List<Merge> of(CurrentWorkspace workspace, long customer) {
        return jdbc.sql(MERGES + " and (m.survivor_id = :customer or m.merged_id = :customer) order by m.id desc")
                .param("tenant", workspace.tenant().value())
                .param("customer", customer)
                .query(Merge.class)
                .list();
    }

    public void unmerge(CurrentWorkspace workspace, long mergeId) {
        long tenant = workspace.tenant().value();
        var found = jdbc.sql("""
                select survivor_id, merged_id, cast(moved as text), unmerged_at is not null
                from customers.merge where tenant_id = ? and id = ? for update
                """)
                .params(tenant, mergeId)
                .query((row, n) -> new Recorded(row.getLong(1), row.getLong(2), row.getString(3), row.getBoolean(4)))
                .optional()
                .orElseThrow(() -> new Problem(
                        HttpStatus.NOT_FOUND, "merge-not-found", "No recorded merge " + mergeId + ".", "id"));
        if (found.undone()) {
            throw new Problem(
                    HttpStatus.CONFLICT, "already-unmerged", "Merge " + mergeId + " was already undone.", "id");
        }
        Long survivorOwner = jdbc.sql(
                        "select merged_into from customers.customer where tenant_id = ? and id = ? for update")
                .params(tenant, found.survivor())
                .query(Long.class)
                .optional()
                .orElse(null);
        if (survivorOwner != null) {
            throw new Problem(
                    HttpStatus.CONFLICT,
                    "survivor-merged",
                    "Profile " + found.survivor() + " was itself merged into " + survivorOwner
                            + " afterwards; undo that merge first.",
                    "id");
        }
        jdbc.sql("""
                select id from customers.merge where tenant_id = ? and survivor_id = ? and id > ?
                and unmerged_at is null order by id desc limit 1
                """)
                .params(tenant, found.survivor(), mergeId)
                .query(Long.class)
                .optional()
                .ifPresent(later -> {
                    throw new Problem(
                            HttpStatus.CONFLICT,
                            "later-merge",
                            "Profile " + found.survivor() + " absorbed another profile after this merge (merge " + later
                                    + "); undo that one first.",
                            "id");
                });
        putBack(tenant, found);
        Instant now = clock.instant();
        jdbc.sql("update customers.merge set unmerged_at = ?, unmerged_by = ? where tenant_id = ? and id = ?")
                .params(now.atOffset(ZoneOffset.UTC), CallContext.current().actor(), tenant, mergeId)
                .update();
        // keep the two apart: the pair is not suggested again
        jdbc.sql("""
                insert into customers.merge_suggestion (tenant_id, customer_id, candidate_id, reason, created_at, resolved_at)
                values (?, ?, ?, 'unmerged', ?, ?)
                on conflict (tenant_id, customer_id, candidate_id) do update set resolved_at = excluded.resolved_at
                """)
                .params(
                        tenant,
                        Math.min(found.survivor(), found.merged()),
                        Math.max(found.survivor(), found.merged()),
                        now.atOffset(ZoneOffset.UTC),
                        now.atOffset(ZoneOffset.UTC))
                .update();
        var detail = Map.of("merge", mergeId, "survivor", found.survivor(), "merged", found.merged());
        timeline.append(workspace.tenant(), found.survivor(), now, "unmerged", "unmerge:" + mergeId, detail);
        timeline.append(workspace.tenant(), found.merged(), now, "unmerged", "unmerge:" + mergeId, detail);
        values.refresh(workspace.tenant(), List.of(found.survivor(), found.merged()));
        audit.record("customer.unmerged", "customer:" + found.survivor(), detail);
        events.publishEvent(new CustomersUnmerged(
                workspace.tenant(), new CustomerId(found.survivor()), new CustomerId(found.merged()), mergeId));
    }

    private record Recorded(long survivor, long merged, String moved, boolean undone) {}

    private void putBack(long tenant, Recorded merge) {
        run("""
                update customers.identity i set customer_id = :merged
                from jsonb_array_elements(cast(:moved as jsonb) -> 'identities') k
                where i.tenant_id = :tenant and i.customer_id = :survivor and i.kind = k ->> 0 and i.value = k ->> 1
                """, tenant, merge);
        run("""
                update customers.purchase set customer_id = :merged
                where tenant_id = :tenant and customer_id = :survivor
                  and order_id in (select cast(x as bigint) from jsonb_array_elements_text(cast(:moved as jsonb) -> 'purchases') x)
                """, tenant, merge);
        run("""
                update customers.note set customer_id = :merged
                where tenant_id = :tenant and customer_id = :survivor
                  and id in (select cast(x as bigint) from jsonb_array_elements_text(cast(:moved as jsonb) -> 'notes') x)
                """, tenant, merge);
        run("""
                update customers.field_value set customer_id = :merged
                where tenant_id = :tenant and customer_id = :survivor
                  and field_id in (select cast(x as bigint) from jsonb_array_elements_text(cast(:moved as jsonb) -> 'fieldsAdded') x)
                """, tenant, merge);
        run("""
                insert into customers.field_value (tenant_id, customer_id, field_id, value, updated_at)
                select f.tenant_id, f.customer_id, f.field_id, f.value, f.updated_at
                from jsonb_populate_recordset(null::customers.field_value, cast(:moved as jsonb) -> 'fields') f
                where f.tenant_id = :tenant and f.customer_id = :merged
                on conflict do nothing
                """, tenant, merge);
        // relations the merge moved go back as they are now (WeCom may have changed them since); those that were
        // duplicates of the survivor's own come back as they were
        run("""
                update customers.staff_relation set customer_id = :merged
                where tenant_id = :tenant and customer_id = :survivor
                  and staff_user_id in (select jsonb_array_elements_text(cast(:moved as jsonb) -> 'relationsAdded'))
                """, tenant, merge);
        run("""
                insert into customers.staff_relation
                    (tenant_id, customer_id, staff_user_id, state, added_at, removed_at, removed_by)
                select r.tenant_id, r.customer_id, r.staff_user_id, r.state, r.added_at, r.removed_at, r.removed_by
                from jsonb_populate_recordset(null::customers.staff_relation, cast(:moved as jsonb) -> 'relations') r
                where r.tenant_id = :tenant and r.customer_id = :merged
                on conflict do nothing
                """, tenant, merge);
        run("""
                update customers.timeline_event e set customer_id = :merged
                from jsonb_array_elements(cast(:moved as jsonb) -> 'timelineAdded') k
                where e.tenant_id = :tenant and e.customer_id = :survivor
                  and e.occurred_at = cast(k ->> 0 as timestamptz) and e.source_ref = k ->> 1
                """, tenant, merge);
        run("""
                insert into customers.timeline_event (tenant_id, customer_id, occurred_at, kind, source_ref, detail)
                select e.tenant_id, e.customer_id, e.occurred_at, e.kind, e.source_ref, e.detail
                from jsonb_populate_recordset(null::customers.timeline_event, cast(:moved as jsonb) -> 'timeline') e
                where e.tenant_id = :tenant and e.customer_id = :merged
                on conflict do nothing
                """, tenant, merge);
        // the survivor's fields that the merge filled in from the absorbed profile go back to what they were
        run("""
                update customers.customer s set
                    display_name = case when s.display_name = m.display_name then b.display_name else s.display_name end,
                    phone_hash = case when s.phone_hash is not distinct from m.phone_hash then b.phone_hash else s.phone_hash end,
                    phone_sealed = case when s.phone_hash is not distinct from m.phone_hash then b.phone_sealed else s.phone_sealed end,
                    phone_masked = case when s.phone_hash is not distinct from m.phone_hash then b.phone_masked else s.phone_masked end,
                    first_added_at = case when s.first_added_at is not distinct from least(b.first_added_at, m.first_added_at)
                                          then b.first_added_at else s.first_added_at end
                from customers.customer m,
                     jsonb_to_record(cast(:moved as jsonb) -> 'survivor') as b(display_name text, phone_hash text,
                         phone_sealed text, phone_masked text, first_added_at timestamptz)
                where s.tenant_id = :tenant and s.id = :survivor and m.tenant_id = s.tenant_id and m.id = :merged
                """, tenant, merge);
        run("""
                update customers.customer set merged_into = null
                where tenant_id = :tenant and id = :merged and merged_into = :survivor
                """, tenant, merge);
        run("""
                update customers.customer set merged_into = :merged
                where tenant_id = :tenant and merged_into = :survivor
                  and id in (select cast(x as bigint) from jsonb_array_elements_text(cast(:moved as jsonb) -> 'redirected') x)
                """, tenant, merge);
    }

    private void run(String sql, long tenant, Recorded merge) {
        jdbc.sql(sql)
                .param("tenant", tenant)
                .param("survivor", merge.survivor())
                .param("merged", merge.merged())
                .param("moved", merge.moved())
                .update();
    }
}
