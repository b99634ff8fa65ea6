package io.moat.customers.internal;

import io.moat.customers.CustomersMerged;
import io.moat.customers.CustomersUnmerged;
import io.moat.customers.value.OrderStates;
import io.moat.customers.value.Purchase;
import io.moat.customers.value.RfmEngine;
import io.moat.customers.value.RfmScores;
import io.moat.customers.value.RfmTable;
import io.moat.shared.TenantId;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Each workspace's {@link RfmEngine}, kept in memory so that new purchases move RFM at once: the purchases of the
 * profiles a batch touched are applied (each order's current state: new, or lowered by a refund) and every buyer is
 * scored again by the quintiles of docs/metrics.md. Built from {@code customers.purchase} on first use and by every
 * full run; dropped (and rebuilt on next use) when profiles merge or unmerge, when the time zone changes, and when a
 * transaction that changed it rolls back, so it never runs ahead of what was committed for long.
 */
@Component
class WorkspaceRfm {

    /** A profile as the engine sees it: its dense number (its index in the engine) and its purchases. */
    record Member(long customerId, int number, List<Purchase> purchases) {}

    private static final class Held {
        final RfmEngine engine = new RfmEngine();
        final Map<Long, Integer> orderNumbers = new HashMap<>();
        final ZoneId zone;

        Held(ZoneId zone) {
            this.zone = zone;
        }

        int orderNumber(long orderId) {
            return orderNumbers.computeIfAbsent(orderId, id -> orderNumbers.size());
        }
    }

    private final JdbcClient jdbc;
    private final Map<TenantId, Held> engines = new ConcurrentHashMap<>();

    WorkspaceRfm(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A new engine from all of the workspace's buyers (a full run); returns every buyer's scores by customer id. */
    Map<Long, RfmScores> rebuild(TenantId tenant, ZoneId zone, Collection<Member> everyone) {
        var held = new Held(zone);
        apply(held, everyone);
        engines.put(tenant, held);
        forgetOnRollback(tenant);
        return scores(held.engine.score(), everyone);
    }

    /** Applies the members' purchases as they now stand and scores them against all buyers of the workspace. */
    Map<Long, RfmScores> update(TenantId tenant, ZoneId zone, Collection<Member> changed) {
        Held held = engines.get(tenant);
        if (held == null || !held.zone.equals(zone)) {
            held = load(tenant, zone);
            engines.put(tenant, held);
        }
        forgetOnRollback(tenant);
        synchronized (held) {
            try {
                apply(held, changed);
            } catch (IllegalArgumentException e) {
                // An order now belongs to another profile or another day than the engine knows: start afresh.
                held = load(tenant, zone);
                engines.put(tenant, held);
            }
            return scores(held.engine.score(), changed);
        }
    }

    @EventListener
    void on(CustomersMerged merged) {
        engines.remove(merged.tenant());
    }

    @EventListener
    void on(CustomersUnmerged unmerged) {
        engines.remove(unmerged.tenant());
    }

    private Held load(TenantId tenant, ZoneId zone) {
        Map<Long, Member> members = new HashMap<>();
        jdbc.sql("""
                select c.id, c.number, p.order_id, p.paid_at, p.paid_fen - p.refunded_fen
                from customers.purchase p
                join customers.customer c on c.tenant_id = p.tenant_id and c.id = p.customer_id
                where p.tenant_id = ? and p.paid_at is not null and c.merged_into is null
                """)
                .param(tenant.value())
                .query((row, n) -> members.computeIfAbsent(
                                row.getLong(1), id -> new Member(id, safeNumber(row), new ArrayList<>()))
                        .purchases()
                        .add(new Purchase(
                                row.getLong(3),
                                row.getObject(4, OffsetDateTime.class).toInstant(),
                                row.getLong(5),
                                false,
                                false)))
                .list();
        var held = new Held(zone);
        apply(held, members.values());
        return held;
    }

    private static int safeNumber(java.sql.ResultSet row) {
        try {
            return row.getInt(2);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void apply(Held held, Collection<Member> members) {
        int size = members.stream().mapToInt(m -> m.purchases().size()).sum();
        int[] orders = new int[size];
        int[] customers = new int[size];
        int[] days = new int[size];
        long[] net = new long[size];
        int i = 0;
        for (Member member : members) {
            for (Purchase purchase : member.purchases()) {
                orders[i] = held.orderNumber(purchase.orderId());
                customers[i] = member.number();
                days[i] =
                        (int) LocalDate.ofInstant(purchase.paidAt(), held.zone).toEpochDay();
                net[i] = purchase.netFen();
                i++;
            }
        }
        held.engine.apply(OrderStates.of(orders, customers, days, net));
    }

    private static Map<Long, RfmScores> scores(RfmTable table, Collection<Member> members) {
        Map<Long, RfmScores> scores = new HashMap<>(members.size() * 2);
        for (Member member : members) {
            if (table.isBuyer(member.number())) {
                scores.put(member.customerId(), table.scores(member.number()));
            }
        }
        return scores;
    }

    private void forgetOnRollback(TenantId tenant) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    if (status != STATUS_COMMITTED) {
                        engines.remove(tenant);
                    }
                }
            });
        }
    }
}
