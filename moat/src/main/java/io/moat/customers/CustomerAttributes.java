package io.moat.customers;

import io.moat.shared.TenantId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Each live profile's attributes as audiences index them: its dense number, gender, consent, derived values
 * (stage, loyalty, RFM, counting orders, net spend, last order; docs/metrics.md) and its WeCom relations in the
 * order they began. Paged by id so a whole workspace can be read in slices. Call in the workspace's scope.
 */
@Service
@Transactional(readOnly = true)
public class CustomerAttributes {

    private final JdbcClient jdbc;

    CustomerAttributes(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** One relation to a staff member; {@code state} is the channel code's state it began through, if any. */
    public record Relation(String staff, @Nullable String state, Instant addedAt, boolean active) {}

    /**
     * Stage, loyalty and RFM segment are lower-case codes ({@code new_fan}, {@code bargain_hunter}, {@code
     * champions}); gender is WeCom's 0 unknown, 1 male, 2 female; RFM scores are 1–5 or null before the first full
     * scoring.
     */
    public record Attributes(
            CustomerId customer,
            int number,
            int gender,
            @Nullable Instant firstAddedAt,
            @Nullable Instant optedOutAt,
            @Nullable String stage,
            @Nullable String loyalty,
            @Nullable String rfmSegment,
            @Nullable Integer recency,
            @Nullable Integer frequency,
            @Nullable Integer monetary,
            int orders,
            long netSpendFen,
            @Nullable Instant lastOrderAt,
            List<Relation> relations) {}

    /** Live profiles with ids above {@code after}, in id order. */
    public List<Attributes> page(TenantId tenant, long after, int limit) {
        return withRelations(
                tenant,
                jdbc.sql(SELECT + " and c.id > :after order by c.id limit :limit")
                        .param("tenant", tenant.value())
                        .param("after", after)
                        .param("limit", limit)
                        .query((row, n) -> row(row))
                        .list());
    }

    /** Those of {@code customers} that are live profiles; merged and unknown ones are absent. */
    public List<Attributes> of(TenantId tenant, Collection<CustomerId> customers) {
        return withRelations(
                tenant,
                jdbc.sql(SELECT + " and c.id = any(:ids) order by c.id")
                        .param("tenant", tenant.value())
                        .param("ids", customers.stream().map(CustomerId::value).toArray(Long[]::new))
                        .query((row, n) -> row(row))
                        .list());
    }

    /** Display names of the live ones among {@code customers}. */
    public Map<CustomerId, String> names(TenantId tenant, Collection<CustomerId> customers) {
        Map<CustomerId, String> names = new LinkedHashMap<>();
        jdbc.sql(
                        "select id, display_name from customers.customer where tenant_id = ? and id = any(?) and merged_into is null")
                .params(
                        tenant.value(),
                        customers.stream().map(CustomerId::value).toArray(Long[]::new))
                .query((row, n) -> names.put(new CustomerId(row.getLong(1)), row.getString(2)))
                .list();
        return names;
    }

    /**
     * The customers holding some dense numbers, merged profiles included (a number belongs to one profile for good;
     * audiences name former members by it). Unknown numbers are absent.
     */
    public Map<Integer, CustomerId> byNumber(TenantId tenant, Collection<Integer> numbers) {
        Map<Integer, CustomerId> ids = new LinkedHashMap<>();
        if (numbers.isEmpty()) {
            return ids;
        }
        jdbc.sql("select number, id from customers.customer where tenant_id = ? and number = any(?)")
                .params(tenant.value(), numbers.toArray(Integer[]::new))
                .query((row, n) -> ids.put(row.getInt(1), new CustomerId(row.getLong(2))))
                .list();
        return ids;
    }

    /** The dense numbers of some customers, merged profiles included; unknown ids are absent. */
    public Map<CustomerId, Integer> numbers(TenantId tenant, Collection<CustomerId> customers) {
        Map<CustomerId, Integer> numbers = new LinkedHashMap<>();
        if (customers.isEmpty()) {
            return numbers;
        }
        jdbc.sql("select id, number from customers.customer where tenant_id = ? and id = any(?)")
                .params(
                        tenant.value(),
                        customers.stream().map(CustomerId::value).toArray(Long[]::new))
                .query((row, n) -> numbers.put(new CustomerId(row.getLong(1)), row.getInt(2)))
                .list();
        return numbers;
    }

    private static final String SELECT = """
            select c.id, c.number, c.gender, c.first_added_at, c.opted_out_at, v.stage, v.loyalty, v.rfm_segment,
                   v.rfm_recency, v.rfm_frequency, v.rfm_monetary, coalesce(v.orders, 0), coalesce(v.net_spend_fen, 0),
                   v.last_order_at
            from customers.customer c
            left join customers.customer_value v on v.tenant_id = c.tenant_id and v.customer_id = c.id
            where c.tenant_id = :tenant and c.merged_into is null""";

    private record Row(
            long id,
            int number,
            int gender,
            @Nullable Instant firstAddedAt,
            @Nullable Instant optedOutAt,
            @Nullable String stage,
            @Nullable String loyalty,
            @Nullable String rfmSegment,
            @Nullable Integer recency,
            @Nullable Integer frequency,
            @Nullable Integer monetary,
            int orders,
            long netSpendFen,
            @Nullable Instant lastOrderAt) {}

    private List<Attributes> withRelations(TenantId tenant, List<Row> rows) {
        if (rows.isEmpty()) {
            return List.of();
        }
        Map<Long, List<Relation>> relations = new LinkedHashMap<>();
        rows.forEach(row -> relations.put(row.id(), new ArrayList<>()));
        jdbc.sql("""
                select customer_id, staff_user_id, state, added_at, removed_at is null
                from customers.staff_relation where tenant_id = ? and customer_id = any(?)
                order by customer_id, added_at, staff_user_id
                """)
                .params(tenant.value(), relations.keySet().toArray(Long[]::new))
                .query((row, n) -> relations
                        .get(row.getLong(1))
                        .add(new Relation(
                                row.getString(2),
                                row.getString(3),
                                row.getObject(4, OffsetDateTime.class).toInstant(),
                                row.getBoolean(5))))
                .list();
        return rows.stream()
                .map(r -> new Attributes(
                        new CustomerId(r.id()),
                        r.number(),
                        r.gender(),
                        r.firstAddedAt(),
                        r.optedOutAt(),
                        r.stage(),
                        r.loyalty(),
                        r.rfmSegment(),
                        r.recency(),
                        r.frequency(),
                        r.monetary(),
                        r.orders(),
                        r.netSpendFen(),
                        r.lastOrderAt(),
                        List.copyOf(relations.get(r.id()))))
                .toList();
    }

    private static Row row(ResultSet row) throws SQLException {
        return new Row(
                row.getLong(1),
                row.getInt(2),
                row.getInt(3),
                instant(row.getObject(4, OffsetDateTime.class)),
                instant(row.getObject(5, OffsetDateTime.class)),
                row.getString(6),
                row.getString(7),
                row.getString(8),
                row.getObject(9, Integer.class),
                row.getObject(10, Integer.class),
                row.getObject(11, Integer.class),
                row.getInt(12),
                row.getLong(13),
                instant(row.getObject(14, OffsetDateTime.class)));
    }

    private static @Nullable Instant instant(@Nullable OffsetDateTime at) {
        return at == null ? null : at.toInstant();
    }
}
