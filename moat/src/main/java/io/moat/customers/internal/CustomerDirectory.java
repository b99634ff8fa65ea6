package io.moat.customers.internal;

import io.moat.shared.Problem;
import io.moat.shared.TenantId;
import io.moat.shared.crypto.PersonalData;
import io.moat.workspace.AuditLog;
import io.moat.workspace.CurrentWorkspace;
import io.moat.workspace.Permission;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reads profiles for the console and the API: a list paged by key (newest first, stays fast at millions of rows)
 * and one profile with identities, staff relations, notes and the latest timeline. Phones are masked unless the
 * caller's role may see personal data, and each unmasked view is audited.
 */
@Service
@Transactional
public class CustomerDirectory {

    private final JdbcClient jdbc;
    private final PersonalData personalData;
    private final AuditLog audit;

    CustomerDirectory(JdbcClient jdbc, PersonalData personalData, AuditLog audit) {
        this.jdbc = jdbc;
        this.personalData = personalData;
        this.audit = audit;
    }

    public record Relation(
            String staffUserId,
            @Nullable String state,
            OffsetDateTime addedAt,
            @Nullable OffsetDateTime removedAt,
            @Nullable String removedBy) {}

    public record Row(
            long id,
            int number,
            String name,
            @Nullable String phone,
            String source,
            @Nullable OffsetDateTime firstAddedAt,
            List<String> staff,
            @Nullable String channel) {}

    public record Page(List<Row> items, @Nullable Long next) {}

    public record IdentityView(String kind, String value, String source, String confidence, OffsetDateTime linkedAt) {}

    public record NoteView(long id, String author, String body, OffsetDateTime createdAt) {}

    public record TimelineEntry(OffsetDateTime at, String kind, String detail) {}

    /**
     * The derived values of docs/metrics.md, as last computed, with the loyalty type's reason: a code and its
     * parameters (docs/metrics.md, "Loyalty reason codes").
     */
    public record Value(
            String stage,
            @Nullable Integer rfmRecency,
            @Nullable Integer rfmFrequency,
            @Nullable Integer rfmMonetary,
            @Nullable String rfmSegment,
            String loyalty,
            String loyaltyReason,
            Map<String, Long> loyaltyReasonParams,
            int orders,
            long netSpendFen,
            @Nullable OffsetDateTime lastOrderAt,
            OffsetDateTime computedAt) {}

    public record Profile(
            long id,
            int number,
            String name,
            int gender,
            @Nullable String phone,
            String source,
            @Nullable OffsetDateTime firstAddedAt,
            OffsetDateTime createdAt,
            @Nullable OffsetDateTime optedOutAt,
            @Nullable Value value,
            List<IdentityView> identities,
            List<Relation> relations,
            List<NoteView> notes,
            List<TimelineEntry> timeline) {}

    private record Base(
            long id,
            int number,
            String displayName,
            int gender,
            @Nullable String phoneSealed,
            @Nullable String phoneMasked,
            String source,
            @Nullable OffsetDateTime firstAddedAt,
            OffsetDateTime createdAt,
            @Nullable OffsetDateTime optedOutAt,
            @Nullable Long mergedInto) {}

    /** The customers a filter matches, as the list's where clause (alias {@code c}); see {@link #matching}. */
    private static final String MATCHING = """
            from customers.customer c
            where c.tenant_id = :tenant and c.merged_into is null and c.id < :before
              and (cast(:like as text) is null or c.display_name ilike :like escape '\\')
              and (cast(:stage as text) is null or exists (select 1 from customers.customer_value v
                   where v.tenant_id = c.tenant_id and v.customer_id = c.id and v.stage = :stage))
              and (cast(:staff as text) is null or exists (select 1 from customers.staff_relation r
                   where r.tenant_id = c.tenant_id and r.customer_id = c.id and r.staff_user_id = :staff
                     and r.removed_at is null))
              and (cast(:fieldId as bigint) is null or exists (select 1 from customers.field_value f
                   where f.tenant_id = c.tenant_id and f.customer_id = c.id and f.field_id = :fieldId
                     and f.value = :fieldValue))
            """;

    private static Map<String, @Nullable Object> matching(
            TenantId tenant, @Nullable Long before, CustomerFilter filter) {
        String query = filter.query();
        // Typed % and _ are literal characters, not wildcards.
        String like = query == null || query.isBlank()
                ? null
                : "%" + query.trim().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        Map<String, @Nullable Object> params = new java.util.HashMap<>();
        params.put("tenant", tenant.value());
        params.put("before", before == null ? Long.MAX_VALUE : before);
        params.put("like", like);
        params.put("staff", filter.staff());
        params.put("stage", filter.stage());
        params.put("fieldId", filter.field() == null ? null : filter.field().fieldId());
        params.put("fieldValue", filter.field() == null ? null : filter.field().value());
        return params;
    }

    /**
     * Every customer the filter matches (newest first, as the list shows them), at most {@code max}; one more is
     * read so the caller can tell the filter matched too many.
     */
    @Transactional(readOnly = true)
    public List<Long> matchingIds(TenantId tenant, CustomerFilter filter, int max) {
        return jdbc.sql("select c.id " + MATCHING + " order by c.id desc limit :limit")
                .params(matching(tenant, null, filter))
                .param("limit", max + 1)
                .query(Long.class)
                .list();
    }

    public Page list(CurrentWorkspace workspace, @Nullable Long before, int limit, CustomerFilter filter) {
        List<Base> rows = jdbc.sql("""
                select c.id, c.number, c.display_name, c.gender, c.phone_sealed, c.phone_masked, c.source,
                       c.first_added_at, c.created_at, c.opted_out_at, c.merged_into
                """ + MATCHING + """
                order by c.id desc
                limit :limit
                """)
                .params(matching(workspace.tenant(), before, filter))
                .param("limit", limit + 1)
                .query(Base.class)
                .list();
        boolean more = rows.size() > limit;
        List<Base> page = more ? rows.subList(0, limit) : rows;
        Map<Long, List<Relation>> relations =
                relationsOf(workspace.tenant(), page.stream().map(Base::id).toList());
        List<Row> items = page.stream()
                .map(base -> {
                    List<Relation> own = relations.getOrDefault(base.id(), List.of());
                    List<String> active = own.stream()
                            .filter(r -> r.removedAt() == null)
                            .map(Relation::staffUserId)
                            .toList();
                    String channel = own.stream()
                            .map(Relation::state)
                            .filter(s -> s != null)
                            .findFirst()
                            .orElse(null);
                    return new Row(
                            base.id(),
                            base.number(),
                            base.displayName(),
                            phone(workspace, base, false),
                            base.source(),
                            base.firstAddedAt(),
                            active,
                            channel);
                })
                .toList();
        return new Page(items, more ? page.getLast().id() : null);
    }

    public Profile profile(CurrentWorkspace workspace, long id) {
        TenantId tenant = workspace.tenant();
        Base base = jdbc.sql("""
                select id, number, display_name, gender, phone_sealed, phone_masked, source, first_added_at,
                       created_at, opted_out_at, merged_into
                from customers.customer where tenant_id = ? and id = ?
                """)
                .params(tenant.value(), id)
                .query(Base.class)
                .optional()
                .orElseThrow(
                        () -> new Problem(HttpStatus.NOT_FOUND, "customer-not-found", "No customer " + id + ".", "id"));
        if (base.mergedInto() != null) {
            return profile(workspace, base.mergedInto());
        }
        List<IdentityView> identities = jdbc.sql("""
                select kind, case when kind = 'phone_hash' then '(hash)' else value end as value, source, confidence,
                       linked_at
                from customers.identity where tenant_id = ? and customer_id = ? order by linked_at
                """)
                .params(tenant.value(), id)
                .query(IdentityView.class)
                .list();
        List<NoteView> notes =
                jdbc.sql("""
                select id, author, body, created_at from customers.note
                where tenant_id = ? and customer_id = ? order by id desc limit 50
                """).params(tenant.value(), id).query(NoteView.class).list();
        List<TimelineEntry> timeline = jdbc.sql("""
                select occurred_at as at, kind, detail::text as detail from customers.timeline_event
                where tenant_id = ? and customer_id = ? order by occurred_at desc limit 100
                """)
                .params(tenant.value(), id)
                .query(TimelineEntry.class)
                .list();
        return new Profile(
                base.id(),
                base.number(),
                base.displayName(),
                base.gender(),
                phone(workspace, base, true),
                base.source(),
                base.firstAddedAt(),
                base.createdAt(),
                base.optedOutAt(),
                value(tenant, id),
                identities,
                relations(tenant, id),
                notes,
                timeline);
    }

    private Map<Long, List<Relation>> relationsOf(TenantId tenant, List<Long> customers) {
        Map<Long, List<Relation>> byCustomer = new java.util.HashMap<>();
        if (customers.isEmpty()) {
            return byCustomer;
        }
        jdbc.sql("""
                select customer_id, staff_user_id, state, added_at, removed_at, removed_by from customers.staff_relation
                where tenant_id = ? and customer_id = any(?) order by added_at
                """)
                .params(tenant.value(), customers.toArray(Long[]::new))
                .query((row, n) -> byCustomer
                        .computeIfAbsent(row.getLong(1), k -> new java.util.ArrayList<>())
                        .add(new Relation(
                                row.getString(2),
                                row.getString(3),
                                row.getObject(4, OffsetDateTime.class),
                                row.getObject(5, OffsetDateTime.class),
                                row.getString(6))))
                .list();
        return byCustomer;
    }

    private @Nullable Value value(TenantId tenant, long customer) {
        return jdbc.sql("""
                select stage, rfm_recency, rfm_frequency, rfm_monetary, rfm_segment, loyalty, loyalty_reason,
                       loyalty_reason_params::text, orders, net_spend_fen, last_order_at, computed_at
                from customers.customer_value where tenant_id = ? and customer_id = ?
                """)
                .params(tenant.value(), customer)
                .query((row, n) -> new Value(
                        row.getString(1),
                        (Integer) row.getObject(2),
                        (Integer) row.getObject(3),
                        (Integer) row.getObject(4),
                        row.getString(5),
                        row.getString(6),
                        row.getString(7),
                        reasonParams(row.getString(8)),
                        row.getInt(9),
                        row.getLong(10),
                        row.getObject(11, OffsetDateTime.class),
                        row.getObject(12, OffsetDateTime.class)))
                .optional()
                .orElse(null);
    }

    private static final tools.jackson.databind.json.JsonMapper JSON =
            tools.jackson.databind.json.JsonMapper.builder().build();

    /** The reason's parameters by name. */
    private static Map<String, Long> reasonParams(String json) {
        Map<String, Long> params = new java.util.LinkedHashMap<>();
        JSON.readTree(json)
                .properties()
                .forEach(e -> params.put(e.getKey(), e.getValue().asLong()));
        return params;
    }

    private List<Relation> relations(TenantId tenant, long customer) {
        return jdbc.sql("""
                select staff_user_id, state, added_at, removed_at, removed_by from customers.staff_relation
                where tenant_id = ? and customer_id = ? order by added_at
                """)
                .params(tenant.value(), customer)
                .query(Relation.class)
                .list();
    }

    private @Nullable String phone(CurrentWorkspace workspace, Base base, boolean auditView) {
        if (base.phoneSealed() == null) {
            return base.phoneMasked();
        }
        var phone = personalData.openPhone(workspace.tenant(), base.phoneSealed());
        if (!workspace.can(Permission.CUSTOMERS_PII)) {
            return phone.masked();
        }
        if (auditView) {
            audit.record("customer.pii_viewed", "customer:" + base.id(), Map.of("field", "phone"));
        }
        return phone.digits();
    }
}
