package io.moat.customers.internal;

import io.moat.commerce.BuyerIdentity;
import io.moat.commerce.OrdersRecorded;
import io.moat.commerce.RecordedOrder;
import io.moat.shared.TenantId;
import io.moat.shared.context.CallContext;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Order to fan (订单转粉): links each recorded order to the profile of its buyer. Certain identities — unionid,
 * openid, the phone's keyed hash, the marketplace's buyer id — find (or create, and merge) the profile; a nickname
 * only suggests a merge. Orders with no usable identity stay unlinked. Idempotent: an order is one purchase row,
 * its status only moves forward.
 *
 * <p>A batch is linked set-based, with a fixed number of statements whatever its size, so an import of 200k orders
 * is not 200k round trips: the buyers' profiles are found, merged and created for the whole batch at once ({@link
 * BatchPeople}), and identities, purchases and timeline facts are written with one {@code INSERT … SELECT FROM
 * unnest} each. While it runs it holds the workspace's identity lock exclusively; {@link Profiles#resolve} takes it shared,
 * so a callback resolving one person waits instead of creating a second profile for an identity of the batch.
 */
@Component
class OrderLinking {

    private final BatchPeople people;
    private final CustomerValues values;
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final Clock clock;

    OrderLinking(
            BatchPeople people,
            CustomerValues values,
            JdbcClient jdbc,
            PlatformTransactionManager transactions,
            Clock clock) {
        this.clock = clock;
        this.people = people;
        this.values = values;
        this.jdbc = jdbc;
        // After commit the publisher's transaction is still bound; this work needs one of its own.
        this.transactions = new TransactionTemplate(transactions);
        this.transactions.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    @TransactionalEventListener
    void on(OrdersRecorded recorded) {
        TenantId tenant = recorded.tenant();
        CallContext.forTenant(tenant, "order-linking")
                .run(() -> transactions.executeWithoutResult(status -> link(tenant, latestCopies(recorded.orders()))));
    }

    /** An order named twice in one batch counts in its last copy, as linking them one after another would leave it. */
    private static List<RecordedOrder> latestCopies(List<RecordedOrder> orders) {
        Map<Long, RecordedOrder> latest = new LinkedHashMap<>();
        orders.forEach(order -> latest.put(order.orderId(), order));
        return latest.size() == orders.size() ? orders : List.copyOf(latest.values());
    }

    private void link(TenantId tenant, List<RecordedOrder> orders) {
        Instant now = clock.instant();
        List<List<Identity>> identities =
                orders.stream().map(OrderLinking::identities).toList();
        List<List<String>> certain = identities.stream()
                .map(list -> list.stream()
                        .filter(Identity::certain)
                        .map(BatchPeople::key)
                        .toList())
                .toList();
        long[] customers = people.profiles(tenant, certain, "order", order -> now);

        linkIdentities(tenant, identities, customers, now);
        suggestMerges(tenant, identities, customers, now);
        writePurchases(tenant, orders, identities, customers);
        writeTimeline(tenant, orders, customers, now);

        LinkedHashSet<Long> linked = new LinkedHashSet<>();
        for (long customer : customers) {
            if (customer != 0) {
                linked.add(customer);
            }
        }
        values.refresh(tenant, List.copyOf(linked));
    }

    /** Every identity of a linked order joins its profile; one already owned stays where it is. */
    private void linkIdentities(TenantId tenant, List<List<Identity>> identities, long[] customers, Instant now) {
        var rows = new IdentityRows();
        for (int order = 0; order < customers.length; order++) {
            if (customers[order] != 0) {
                for (Identity identity : identities.get(order)) {
                    rows.add(identity, customers[order]);
                }
            }
        }
        if (rows.isEmpty()) {
            return;
        }
        jdbc.sql("""
                insert into customers.identity (tenant_id, kind, value, customer_id, source, confidence, linked_at)
                select :tenant, x.kind, x.value, x.customer_id, 'order', x.confidence, :now
                from unnest(cast(:kinds as text[]), cast(:values as text[]), cast(:customers as bigint[]),
                            cast(:confidences as text[])) as x(kind, value, customer_id, confidence)
                on conflict (tenant_id, kind, value) do nothing
                """)
                .param("tenant", tenant.value())
                .param("kinds", rows.kinds())
                .param("values", rows.values())
                .param("customers", rows.customers())
                .param("confidences", rows.confidences())
                .param("now", now.atOffset(ZoneOffset.UTC))
                .update();
    }

    /** A nickname another profile already has only suggests that the two are one person. */
    private void suggestMerges(TenantId tenant, List<List<Identity>> identities, long[] customers, Instant now) {
        var rows = new IdentityRows();
        for (int order = 0; order < customers.length; order++) {
            if (customers[order] != 0) {
                for (Identity identity : identities.get(order)) {
                    if (!identity.certain()) {
                        rows.add(identity, customers[order]);
                    }
                }
            }
        }
        if (rows.isEmpty()) {
            return;
        }
        jdbc.sql("""
                insert into customers.merge_suggestion (tenant_id, customer_id, candidate_id, reason, created_at)
                select :tenant, least(x.customer_id, o.owner), greatest(x.customer_id, o.owner),
                       'same ' || x.kind || ' ' || x.value, :now
                from unnest(cast(:kinds as text[]), cast(:values as text[]), cast(:customers as bigint[]))
                         as x(kind, value, customer_id)
                join lateral (
                    select coalesce(c.merged_into, c.id) as owner from customers.identity i
                    join customers.customer c on c.tenant_id = i.tenant_id and c.id = i.customer_id
                    where i.tenant_id = :tenant and i.kind = x.kind and i.value = x.value) o on o.owner <> x.customer_id
                on conflict do nothing
                """)
                .param("tenant", tenant.value())
                .param("kinds", rows.kinds())
                .param("values", rows.values())
                .param("customers", rows.customers())
                .param("now", now.atOffset(ZoneOffset.UTC))
                .update();
    }

    private void writePurchases(
            TenantId tenant, List<RecordedOrder> orders, List<List<Identity>> identities, long[] customers) {
        int n = orders.size();
        Long[] orderIds = new Long[n];
        Long[] customerIds = new Long[n];
        String[] platforms = new String[n];
        String[] orderNos = new String[n];
        String[] statuses = new String[n];
        Long[] paid = new Long[n];
        Long[] refunded = new Long[n];
        Long[] paidAt = new Long[n];
        String[] linkedBy = new String[n];
        for (int i = 0; i < n; i++) {
            RecordedOrder order = orders.get(i);
            orderIds[i] = order.orderId();
            customerIds[i] = customers[i] == 0 ? null : customers[i];
            platforms[i] = order.platform().code();
            orderNos[i] = order.orderNo();
            statuses[i] = order.status().code();
            paid[i] = order.paidFen();
            refunded[i] = order.refundedFen();
            paidAt[i] = micros(order.paidAt());
            linkedBy[i] =
                    customers[i] == 0 ? null : identities.get(i).getFirst().kind();
        }
        jdbc.sql("""
                insert into customers.purchase (tenant_id, order_id, customer_id, platform, order_no, status, paid_fen,
                    refunded_fen, paid_at, linked_by)
                select :tenant, x.order_id, x.customer_id, x.platform, x.order_no, x.status, x.paid_fen, x.refunded_fen,
                       timestamptz 'epoch' + x.paid_us * interval '1 microsecond', x.linked_by
                from unnest(cast(:orders as bigint[]), cast(:customers as bigint[]), cast(:platforms as text[]),
                            cast(:orderNos as text[]), cast(:statuses as text[]), cast(:paid as bigint[]),
                            cast(:refunded as bigint[]), cast(:paidAt as bigint[]), cast(:linkedBy as text[]))
                         as x(order_id, customer_id, platform, order_no, status, paid_fen, refunded_fen, paid_us,
                              linked_by)
                on conflict (tenant_id, order_id) do update set customer_id = coalesce(excluded.customer_id,
                    customers.purchase.customer_id), status = excluded.status, paid_fen = excluded.paid_fen,
                    refunded_fen = excluded.refunded_fen, paid_at = coalesce(excluded.paid_at, customers.purchase.paid_at),
                    linked_by = coalesce(customers.purchase.linked_by, excluded.linked_by)
                """)
                .param("tenant", tenant.value())
                .param("orders", orderIds)
                .param("customers", customerIds)
                .param("platforms", platforms)
                .param("orderNos", orderNos)
                .param("statuses", statuses)
                .param("paid", paid)
                .param("refunded", refunded)
                .param("paidAt", paidAt)
                .param("linkedBy", linkedBy)
                .update();
    }

    /**
     * One "ordered" fact per paid order of a linked buyer, at its payment time, and one "refunded" fact per refunded
     * amount seen; each keyed by its order (and amount), so a repeated batch adds nothing.
     */
    private void writeTimeline(TenantId tenant, List<RecordedOrder> orders, long[] customers, Instant now) {
        List<Long> customerIds = new ArrayList<>();
        List<Long> orderIds = new ArrayList<>();
        List<Long> at = new ArrayList<>();
        List<String> kinds = new ArrayList<>();
        List<String> platforms = new ArrayList<>();
        List<String> orderNos = new ArrayList<>();
        List<Long> fen = new ArrayList<>();
        for (int i = 0; i < orders.size(); i++) {
            RecordedOrder order = orders.get(i);
            if (customers[i] == 0) {
                continue;
            }
            if (order.status().isPaid() && order.paidAt() != null) {
                customerIds.add(customers[i]);
                orderIds.add(order.orderId());
                at.add(micros(order.paidAt()));
                kinds.add("ordered");
                platforms.add(order.platform().code());
                orderNos.add(order.orderNo());
                fen.add(order.paidFen());
            }
            if (order.refundedFen() > 0) {
                customerIds.add(customers[i]);
                orderIds.add(order.orderId());
                at.add(micros(now));
                kinds.add("refunded");
                platforms.add(order.platform().code());
                orderNos.add(order.orderNo());
                fen.add(order.refundedFen());
            }
        }
        if (customerIds.isEmpty()) {
            return;
        }
        jdbc.sql("""
                insert into customers.timeline_event (tenant_id, customer_id, occurred_at, kind, source_ref, detail)
                select :tenant, x.customer_id, timestamptz 'epoch' + x.at_us * interval '1 microsecond', x.kind,
                       case x.kind when 'ordered' then 'order:' || x.order_id
                                   else 'refund:' || x.order_id || ':' || x.fen end,
                       case x.kind when 'ordered'
                            then jsonb_build_object('platform', x.platform, 'orderNo', x.order_no, 'paidFen', x.fen)
                            else jsonb_build_object('orderNo', x.order_no, 'refundedFen', x.fen) end
                from unnest(cast(:customers as bigint[]), cast(:orders as bigint[]), cast(:at as bigint[]),
                            cast(:kinds as text[]), cast(:platforms as text[]), cast(:orderNos as text[]),
                            cast(:fen as bigint[])) as x(customer_id, order_id, at_us, kind, platform, order_no, fen)
                on conflict do nothing
                """)
                .param("tenant", tenant.value())
                .param("customers", customerIds.toArray(Long[]::new))
                .param("orders", orderIds.toArray(Long[]::new))
                .param("at", at.toArray(Long[]::new))
                .param("kinds", kinds.toArray(String[]::new))
                .param("platforms", platforms.toArray(String[]::new))
                .param("orderNos", orderNos.toArray(String[]::new))
                .param("fen", fen.toArray(Long[]::new))
                .update();
    }

    /**
     * Identity rows as parallel arrays for {@code unnest}, each (identity, profile) once: a buyer's orders repeat
     * the same identities, and each repeat would cost the database an index probe for nothing.
     */
    private static final class IdentityRows {
        private final List<String> kinds = new ArrayList<>();
        private final List<String> values = new ArrayList<>();
        private final List<Long> customers = new ArrayList<>();
        private final List<String> confidences = new ArrayList<>();
        private final Set<String> seen = new HashSet<>();

        void add(Identity identity, long customer) {
            if (!seen.add(BatchPeople.key(identity) + '\u0000' + customer)) {
                return;
            }
            kinds.add(identity.kind());
            values.add(identity.value());
            customers.add(customer);
            confidences.add(identity.confidence());
        }

        boolean isEmpty() {
            return kinds.isEmpty();
        }

        String[] kinds() {
            return kinds.toArray(String[]::new);
        }

        String[] values() {
            return values.toArray(String[]::new);
        }

        Long[] customers() {
            return customers.toArray(Long[]::new);
        }

        String[] confidences() {
            return confidences.toArray(String[]::new);
        }
    }

    /** Microseconds since the epoch, PostgreSQL's own precision, so a time crosses the {@code unnest} exactly. */
    private static @Nullable Long micros(@Nullable Instant at) {
        return at == null ? null : ChronoUnit.MICROS.between(Instant.EPOCH, at);
    }

    /** Strongest first: the first certain identity names how the order was linked. */
    private static List<Identity> identities(RecordedOrder order) {
        BuyerIdentity buyer = order.buyer();
        String platform = order.platform().code();
        List<Identity> identities = new ArrayList<>();
        add(identities, buyer.unionid(), Identity::unionid);
        add(identities, buyer.openid(), value -> new Identity(Identity.OPENID, value, true));
        add(identities, buyer.phoneHash(), Identity::phoneHash);
        add(identities, buyer.openId(), value -> Identity.buyer(platform, value));
        add(identities, buyer.nick(), value -> Identity.nick(platform, value));
        return identities;
    }

    private static void add(List<Identity> identities, @Nullable String value, Function<String, Identity> identity) {
        if (value != null && !value.isBlank()) {
            identities.add(identity.apply(value.trim()));
        }
    }
}
