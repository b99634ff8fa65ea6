package io.moat.customers;

import io.moat.commerce.OrderItem;
import io.moat.commerce.OrderQueries;
import io.moat.shared.TenantId;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Read-only lookups over profiles for other modules: which profile a WeCom external_userid belongs to, how a
 * customer can be reached in WeCom (external_userid and the staff who follow them now), and the facts conditions
 * are evaluated on (counting orders, net spend, last order, the channels they came from; docs/metrics.md). Merged
 * profiles are resolved to their survivor or left out. Call in the workspace's scope.
 */
@Service
@Transactional(readOnly = true)
public class CustomerLookup {

    private final JdbcClient jdbc;
    private final OrderQueries orders;

    CustomerLookup(JdbcClient jdbc, OrderQueries orders) {
        this.jdbc = jdbc;
        this.orders = orders;
    }

    /** A customer's WeCom id (the smallest, if merges left several) and the staff members who follow them now. */
    public record Reach(CustomerId customer, @Nullable String externalUserId, List<String> activeStaff) {}

    /**
     * What conditions on a customer look at. Orders are counting orders; money is net, in fen; items are the lines of
     * the counting orders (a fully refunded order has none), with their order's payment time.
     */
    public record Facts(
            CustomerId customer,
            int orders,
            long netSpendFen,
            @Nullable Instant lastOrderAt,
            Set<String> channels,
            List<Bought> items) {

        public Facts {
            items = List.copyOf(items);
        }

        public Facts(
                CustomerId customer,
                int orders,
                long netSpendFen,
                @Nullable Instant lastOrderAt,
                Set<String> channels) {
            this(customer, orders, netSpendFen, lastOrderAt, channels, List.of());
        }
    }

    /** A product line the customer paid for and kept (its order counts), with its SKU, category and role. */
    public record Bought(
            @Nullable String sku,
            @Nullable String category,
            @Nullable String role,
            Instant paidAt) {}

    /**
     * What became of a customer after an add (docs/metrics.md, "Acquisition", package-card batch funnel): whether they
     * claimed an order through their benefit-claim page at or after the add, when their first private-domain order
     * paid at or after the add was paid, and whether they paid another counting order within 30 / 90 days after it.
     */
    public record AfterAdd(
            CustomerId customer,
            Instant addedAt,
            boolean claimed,
            @Nullable Instant firstPrivateOrderAt,
            boolean repurchased30,
            boolean repurchased90) {}

    /**
     * {@link AfterAdd} for the profiles behind the given adds (WeCom external_userid → add time). Ids of merged
     * profiles count for their survivor; a profile added several times counts from its earliest add; unknown ids are
     * left out. Orders count when their net amount is above zero; a private-domain order is paid while the buyer had
     * a WeCom relation that had begun and not ended (the customers figures above).
     */
    public List<AfterAdd> afterAdds(TenantId tenant, Map<String, Instant> adds) {
        if (adds.isEmpty()) {
            return List.of();
        }
        List<String> externalIds = List.copyOf(adds.keySet());
        String[] at = externalIds.stream().map(id -> adds.get(id).toString()).toArray(String[]::new);
        return jdbc.sql("""
                with added as (
                    select coalesce(c.merged_into, c.id) as customer_id, min(a.added_at) as added_at
                    from unnest(cast(:ids as text[]), cast(:at as timestamptz[])) as a(external_user_id, added_at)
                    join customers.identity i on i.tenant_id = :tenant and i.kind = 'external_userid'
                                             and i.value = a.external_user_id
                    join customers.customer c on c.tenant_id = i.tenant_id and c.id = i.customer_id
                    group by 1),
                firsts as (
                    select a.customer_id, a.added_at,
                           exists (select 1 from customers.timeline_event e
                                   where e.tenant_id = :tenant and e.customer_id = a.customer_id
                                     and e.kind = 'claimed_order' and e.occurred_at >= a.added_at) as claimed,
                           (select min(p.paid_at) from customers.purchase p
                            where p.tenant_id = :tenant and p.customer_id = a.customer_id
                              and p.paid_fen - p.refunded_fen > 0 and p.paid_at >= a.added_at
                              and exists (select 1 from customers.staff_relation r
                                          where r.tenant_id = p.tenant_id and r.customer_id = p.customer_id
                                            and r.added_at <= p.paid_at
                                            and (r.removed_at is null or r.removed_at > p.paid_at))) as first_paid
                    from added a)
                select f.customer_id, f.added_at, f.claimed, f.first_paid,
                       exists (select 1 from customers.purchase p
                               where p.tenant_id = :tenant and p.customer_id = f.customer_id
                                 and p.paid_fen - p.refunded_fen > 0 and p.paid_at > f.first_paid
                                 and p.paid_at <= f.first_paid + interval '30 days') as repurchased30,
                       exists (select 1 from customers.purchase p
                               where p.tenant_id = :tenant and p.customer_id = f.customer_id
                                 and p.paid_fen - p.refunded_fen > 0 and p.paid_at > f.first_paid
                                 and p.paid_at <= f.first_paid + interval '90 days') as repurchased90
                from firsts f order by f.customer_id
                """)
                .param("tenant", tenant.value())
                .param("ids", externalIds.toArray(String[]::new))
                .param("at", at)
                .query((row, n) -> {
                    OffsetDateTime first = row.getObject(4, OffsetDateTime.class);
                    return new AfterAdd(
                            new CustomerId(row.getLong(1)),
                            row.getObject(2, OffsetDateTime.class).toInstant(),
                            row.getBoolean(3),
                            first == null ? null : first.toInstant(),
                            row.getBoolean(5),
                            row.getBoolean(6));
                })
                .list();
    }

    /** A customer's counting orders paid at or after their add: how many, and their net amount in fen. */
    public record SpendAfterAdd(CustomerId customer, Instant addedAt, int orders, long netSpendFen) {}

    /**
     * {@link SpendAfterAdd} for the profiles behind the given adds (WeCom external_userid → add time), for attributed
     * GMV (docs/metrics.md, "Acquisition"): ids of merged profiles count for their survivor, from its earliest add;
     * unknown ids are left out. Orders count when paid and their net amount is above zero.
     */
    public List<SpendAfterAdd> spendAfterAdds(TenantId tenant, Map<String, Instant> adds) {
        if (adds.isEmpty()) {
            return List.of();
        }
        List<String> externalIds = List.copyOf(adds.keySet());
        String[] at = externalIds.stream().map(id -> adds.get(id).toString()).toArray(String[]::new);
        return jdbc.sql("""
                with added as (
                    select coalesce(c.merged_into, c.id) as customer_id, min(a.added_at) as added_at
                    from unnest(cast(:ids as text[]), cast(:at as timestamptz[])) as a(external_user_id, added_at)
                    join customers.identity i on i.tenant_id = :tenant and i.kind = 'external_userid'
                                             and i.value = a.external_user_id
                    join customers.customer c on c.tenant_id = i.tenant_id and c.id = i.customer_id
                    group by 1)
                select a.customer_id, a.added_at, count(p.order_id), coalesce(sum(p.paid_fen - p.refunded_fen), 0)
                from added a
                left join customers.purchase p on p.tenant_id = :tenant and p.customer_id = a.customer_id
                                              and p.paid_at >= a.added_at and p.paid_fen - p.refunded_fen > 0
                group by a.customer_id, a.added_at
                order by a.customer_id
                """)
                .param("tenant", tenant.value())
                .param("ids", externalIds.toArray(String[]::new))
                .param("at", at)
                .query((row, n) -> new SpendAfterAdd(
                        new CustomerId(row.getLong(1)),
                        row.getObject(2, OffsetDateTime.class).toInstant(),
                        row.getInt(3),
                        row.getLong(4)))
                .list();
    }

    public Optional<CustomerId> byExternalUserId(TenantId tenant, String externalUserId) {
        return jdbc.sql("""
                select coalesce(c.merged_into, c.id) from customers.identity i
                join customers.customer c on c.tenant_id = i.tenant_id and c.id = i.customer_id
                where i.tenant_id = ? and i.kind = 'external_userid' and i.value = ?
                """)
                .params(tenant.value(), externalUserId)
                .query(Long.class)
                .optional()
                .map(CustomerId::new);
    }

    /** The WeCom ids linked to a customer. */
    public List<String> externalUserIds(TenantId tenant, CustomerId customer) {
        return jdbc.sql("""
                select value from customers.identity
                where tenant_id = ? and customer_id = ? and kind = 'external_userid' order by value
                """)
                .params(tenant.value(), customer.value())
                .query(String.class)
                .list();
    }

    /** Those of {@code customers} that are live profiles (not merged into another). */
    public Set<CustomerId> existing(TenantId tenant, Collection<CustomerId> customers) {
        return Set.copyOf(jdbc.sql("""
                select id from customers.customer where tenant_id = ? and id = any(?) and merged_into is null
                """)
                .params(tenant.value(), ids(customers))
                .query((row, n) -> new CustomerId(row.getLong(1)))
                .list());
    }

    /** How each live profile among {@code customers} is reached in WeCom; unknown ids are absent. */
    public Map<CustomerId, Reach> reach(TenantId tenant, Collection<CustomerId> customers) {
        Map<CustomerId, Reach> reach = new LinkedHashMap<>();
        jdbc.sql("""
                select c.id,
                       (select min(i.value) from customers.identity i
                        where i.tenant_id = c.tenant_id and i.customer_id = c.id and i.kind = 'external_userid'),
                       array(select r.staff_user_id from customers.staff_relation r
                             where r.tenant_id = c.tenant_id and r.customer_id = c.id and r.removed_at is null
                             order by r.staff_user_id)
                from customers.customer c
                where c.tenant_id = ? and c.id = any(?) and c.merged_into is null
                order by c.id
                """)
                .params(tenant.value(), ids(customers))
                .query((row, n) -> {
                    var customer = new CustomerId(row.getLong(1));
                    String[] staff = (String[]) row.getArray(3).getArray();
                    return reach.put(customer, new Reach(customer, row.getString(2), List.of(staff)));
                })
                .list();
        return reach;
    }

    /** Facts of live profiles with ids above {@code after}, in id order: page through a workspace by key. */
    public List<Facts> facts(TenantId tenant, long after, int limit) {
        return withItems(
                tenant,
                jdbc.sql(FACTS + " and c.id > :after order by c.id limit :limit")
                        .param("tenant", tenant.value())
                        .param("after", after)
                        .param("limit", limit)
                        .query((row, n) -> facts(row))
                        .list());
    }

    public List<Facts> facts(TenantId tenant, Collection<CustomerId> customers) {
        return withItems(
                tenant,
                jdbc.sql(FACTS + " and c.id = any(:ids) order by c.id")
                        .param("tenant", tenant.value())
                        .param("ids", ids(customers))
                        .query((row, n) -> facts(row))
                        .list());
    }

    /** Where a customer's latest counting order was shipped (the receiver address's province and city). */
    public record Region(
            @Nullable String province, @Nullable String city) {}

    /**
     * The region of each of {@code customers} that has a counting order (paid, kept in part at least): the receiver
     * province and city of the latest one (the later paid, then the larger order id). Others are absent.
     */
    public Map<CustomerId, Region> regions(TenantId tenant, Collection<CustomerId> customers) {
        Map<Long, Long> latest = new LinkedHashMap<>();
        jdbc.sql("""
                select distinct on (p.customer_id) p.customer_id, p.order_id from customers.purchase p
                where p.tenant_id = ? and p.customer_id = any(?) and p.paid_at is not null
                  and p.paid_fen - p.refunded_fen > 0
                order by p.customer_id, p.paid_at desc, p.order_id desc""")
                .params(tenant.value(), ids(customers))
                .query((row, n) -> latest.put(row.getLong(2), row.getLong(1)))
                .list();
        Map<CustomerId, Region> regions = new LinkedHashMap<>();
        List<Long> orderIds = List.copyOf(latest.keySet());
        for (int from = 0; from < orderIds.size(); from += 1_000) {
            for (var order : orders.ordersOf(tenant, orderIds.subList(from, Math.min(orderIds.size(), from + 1_000)))) {
                if (order.province() != null || order.city() != null) {
                    regions.put(
                            new CustomerId(latest.get(order.orderId())), new Region(order.province(), order.city()));
                }
            }
        }
        return regions;
    }

    /** Adds the lines of each customer's counting orders, asked of commerce in one go for the whole page. */
    private List<Facts> withItems(TenantId tenant, List<Facts> page) {
        if (page.isEmpty()) {
            return page;
        }
        record Counting(long customer, long order, Instant paidAt) {}
        List<Counting> counting = jdbc.sql("""
                select p.customer_id, p.order_id, p.paid_at from customers.purchase p
                where p.tenant_id = ? and p.customer_id = any(?) and p.paid_at is not null
                  and p.paid_fen - p.refunded_fen > 0
                """)
                .params(
                        tenant.value(),
                        page.stream().map(f -> f.customer().value()).toArray(Long[]::new))
                .query((row, n) -> new Counting(
                        row.getLong(1),
                        row.getLong(2),
                        row.getObject(3, OffsetDateTime.class).toInstant()))
                .list();
        if (counting.isEmpty()) {
            return page;
        }
        Map<Long, Counting> byOrder = new LinkedHashMap<>();
        counting.forEach(c -> byOrder.put(c.order(), c));
        Map<Long, List<Bought>> items = new LinkedHashMap<>();
        for (OrderItem item : orders.itemsOf(tenant, byOrder.keySet())) {
            Counting order = byOrder.get(item.orderId());
            items.computeIfAbsent(order.customer(), k -> new java.util.ArrayList<>())
                    .add(new Bought(item.sku(), item.category(), item.role(), order.paidAt()));
        }
        return page.stream()
                .map(f -> new Facts(
                        f.customer(),
                        f.orders(),
                        f.netSpendFen(),
                        f.lastOrderAt(),
                        f.channels(),
                        items.getOrDefault(f.customer().value(), List.of())))
                .toList();
    }

    /**
     * Live profiles whose facts may have changed since {@code since}: created, added by a staff member, or with
     * derived values recomputed (orders linked, refunds) after it.
     */
    public List<CustomerId> changedSince(TenantId tenant, Instant since) {
        return jdbc.sql("""
                select c.id from customers.customer c
                where c.tenant_id = :tenant and c.merged_into is null and (c.created_at > :since
                   or exists (select 1 from customers.staff_relation r
                              where r.tenant_id = c.tenant_id and r.customer_id = c.id and r.added_at > :since)
                   or exists (select 1 from customers.customer_value v
                              where v.tenant_id = c.tenant_id and v.customer_id = c.id and v.computed_at > :since))
                order by c.id
                """)
                .param("tenant", tenant.value())
                .param("since", since.atOffset(ZoneOffset.UTC))
                .query((row, n) -> new CustomerId(row.getLong(1)))
                .list();
    }

    private static final String FACTS = """
            select c.id, coalesce(o.orders, 0), coalesce(o.net_fen, 0), o.last_paid_at,
                   array(select distinct r.state from customers.staff_relation r
                         where r.tenant_id = c.tenant_id and r.customer_id = c.id and r.state is not null)
            from customers.customer c
            left join lateral (
                select count(*) as orders, sum(p.paid_fen - p.refunded_fen) as net_fen, max(p.paid_at) as last_paid_at
                from customers.purchase p
                where p.tenant_id = c.tenant_id and p.customer_id = c.id and p.paid_at is not null
                  and p.paid_fen - p.refunded_fen > 0) o on true
            where c.tenant_id = :tenant and c.merged_into is null""";

    private static Facts facts(java.sql.ResultSet row) throws java.sql.SQLException {
        OffsetDateTime last = row.getObject(4, OffsetDateTime.class);
        String[] channels = (String[]) row.getArray(5).getArray();
        return new Facts(
                new CustomerId(row.getLong(1)),
                row.getInt(2),
                row.getLong(3),
                last == null ? null : last.toInstant(),
                Set.copyOf(Arrays.asList(channels)));
    }

    private static Long[] ids(Collection<CustomerId> customers) {
        return customers.stream().map(CustomerId::value).toArray(Long[]::new);
    }
}
