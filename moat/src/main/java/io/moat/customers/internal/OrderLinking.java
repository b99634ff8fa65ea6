package io.moat.customers.internal;

import io.moat.commerce.BuyerIdentity;
import io.moat.commerce.OrdersRecorded;
import io.moat.commerce.RecordedOrder;
import io.moat.shared.TenantId;
import io.moat.shared.context.CallContext;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 */
@Component
class OrderLinking {

    private final Profiles profiles;
    private final CustomerValues values;
    private final Timeline timeline;
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final Clock clock;

    OrderLinking(
            Profiles profiles,
            CustomerValues values,
            Timeline timeline,
            JdbcClient jdbc,
            PlatformTransactionManager transactions,
            Clock clock) {
        this.clock = clock;
        this.profiles = profiles;
        this.values = values;
        this.timeline = timeline;
        this.jdbc = jdbc;
        // After commit the publisher's transaction is still bound; this work needs one of its own.
        this.transactions = new TransactionTemplate(transactions);
        this.transactions.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    @TransactionalEventListener
    void on(OrdersRecorded recorded) {
        TenantId tenant = recorded.tenant();
        CallContext.forTenant(tenant, "order-linking")
                .run(() -> transactions.executeWithoutResult(status -> {
                    List<Long> linked = new ArrayList<>();
                    for (RecordedOrder order : recorded.orders()) {
                        Long customer = link(tenant, order);
                        if (customer != null) {
                            linked.add(customer);
                        }
                    }
                    values.refresh(tenant, linked.stream().distinct().toList());
                }));
    }

    private @Nullable Long link(TenantId tenant, RecordedOrder order) {
        List<Identity> identities = identities(order);
        Long customer = identities.stream().anyMatch(Identity::certain)
                ? profiles.resolve(tenant, identities, "order", clock.instant())
                : null;
        jdbc.sql("""
                insert into customers.purchase (tenant_id, order_id, customer_id, platform, order_no, status, paid_fen,
                    refunded_fen, paid_at, linked_by)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                on conflict (tenant_id, order_id) do update set customer_id = coalesce(excluded.customer_id,
                    customers.purchase.customer_id), status = excluded.status, paid_fen = excluded.paid_fen,
                    refunded_fen = excluded.refunded_fen, paid_at = coalesce(excluded.paid_at, customers.purchase.paid_at),
                    linked_by = coalesce(customers.purchase.linked_by, excluded.linked_by)
                """)
                .params(
                        tenant.value(),
                        order.orderId(),
                        customer,
                        order.platform().code(),
                        order.orderNo(),
                        order.status().code(),
                        order.paidFen(),
                        order.refundedFen(),
                        order.paidAt() == null ? null : order.paidAt().atOffset(ZoneOffset.UTC),
                        customer == null ? null : identities.getFirst().kind())
                .update();
        if (customer != null) {
            timeline.ordered(
                    tenant,
                    customer,
                    order.orderId(),
                    order.platform().code(),
                    order.orderNo(),
                    order.paidFen(),
                    order.paidAt(),
                    order.status().isPaid());
        }
        if (customer != null && order.refundedFen() > 0) {
            timeline.append(
                    tenant,
                    customer,
                    clock.instant(),
                    "refunded",
                    "refund:" + order.orderId() + ":" + order.refundedFen(),
                    Map.of("orderNo", order.orderNo(), "refundedFen", order.refundedFen()));
        }
        return customer;
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

    private static void add(
            List<Identity> identities, @Nullable String value, java.util.function.Function<String, Identity> identity) {
        if (value != null && !value.isBlank()) {
            identities.add(identity.apply(value.trim()));
        }
    }
}
