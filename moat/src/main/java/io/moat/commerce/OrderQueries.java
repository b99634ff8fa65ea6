package io.moat.commerce;

import io.moat.shared.TenantId;
import io.moat.shared.context.CallContext;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Orders for other modules, by id (as {@link OrdersRecorded} names them). Works inside the caller's transaction or,
 * outside one (an after-commit listener), in its own, scoped to the given workspace.
 */
@Service
public class OrderQueries {

    private static final int MAX_IDS = 10_000;

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;

    OrderQueries(JdbcClient jdbc, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    private record Row(
            long id,
            String platform,
            String orderNo,
            String status,
            long totalFen,
            long paidFen,
            long refundedFen,
            OffsetDateTime createdAt,
            @Nullable OffsetDateTime paidAt,
            @Nullable String buyerNick,
            @Nullable String buyerOpenId,
            @Nullable String unionid,
            @Nullable String openid,
            @Nullable String phoneHash,
            @Nullable String phoneMasked,
            @Nullable String receiverProvince,
            @Nullable String receiverCity,
            @Nullable Long customerId) {

        OrderSummary summary() {
            return new OrderSummary(
                    id,
                    Platform.ofCode(platform).orElseThrow(),
                    orderNo,
                    OrderStatus.ofCode(status).orElseThrow(),
                    totalFen,
                    paidFen,
                    refundedFen,
                    createdAt.toInstant(),
                    paidAt == null ? null : paidAt.toInstant(),
                    new BuyerIdentity(buyerNick, buyerOpenId, unionid, openid, phoneHash),
                    phoneMasked,
                    receiverProvince,
                    receiverCity,
                    customerId);
        }
    }

    /**
     * The orders with this number, on any platform (numbers are unique per platform only). For customers who claim
     * an order by typing its number; {@code ="…"} and spaces are the usual copy-paste debris and are removed.
     */
    public List<OrderSummary> byOrderNo(TenantId tenant, String orderNo) {
        String clean = orderNo.strip().replace("=", "").replace("\"", "").replace(" ", "");
        if (clean.isEmpty()) {
            return List.of();
        }
        return CallContext.current()
                .withTenant(tenant)
                .call(
                        () -> transactions.execute(status -> jdbc
                                .sql("""
                        select id, platform, order_no, status, total_fen, paid_fen, refunded_fen, created_at, paid_at,
                               buyer_nick, buyer_open_id, unionid, openid, phone_hash, phone_masked,
                               receiver_province, receiver_city, customer_id
                        from commerce.orders
                        where tenant_id = :tenant and order_no = :orderNo
                        order by id
                        """)
                                .param("tenant", tenant.value())
                                .param("orderNo", clean)
                                .query(Row.class)
                                .list()
                                .stream()
                                .map(Row::summary)
                                .toList()));
    }

    /** The orders with these ids, in id order; ids of other workspaces or of no order are skipped. */
    public List<OrderSummary> ordersOf(TenantId tenant, Collection<Long> orderIds) {
        if (orderIds.isEmpty()) {
            return List.of();
        }
        if (orderIds.size() > MAX_IDS) {
            throw new IllegalArgumentException("at most " + MAX_IDS + " orders at a time");
        }
        return CallContext.current()
                .withTenant(tenant)
                .call(() -> transactions.execute(status -> jdbc
                        .sql("""
                        select id, platform, order_no, status, total_fen, paid_fen, refunded_fen, created_at, paid_at,
                               buyer_nick, buyer_open_id, unionid, openid, phone_hash, phone_masked,
                               receiver_province, receiver_city, customer_id
                        from commerce.orders
                        where tenant_id = :tenant and id in (:ids)
                        order by id
                        """)
                        .param("tenant", tenant.value())
                        .param("ids", List.copyOf(orderIds))
                        .query(Row.class)
                        .list()
                        .stream()
                        .map(Row::summary)
                        .toList()));
    }

    /**
     * The lines of these orders with their products' category and role (lines without a SKU, or with one that is
     * not a product, carry what is known), in order and line order. A line refunded in full is left out: the customer
     * did not keep it.
     */
    public List<OrderItem> itemsOf(TenantId tenant, Collection<Long> orderIds) {
        if (orderIds.isEmpty()) {
            return List.of();
        }
        return CallContext.current()
                .withTenant(tenant)
                .call(() -> transactions.execute(status -> jdbc.sql("""
                                select l.order_id, l.sku, p.category, p.role
                                from commerce.order_line l
                                left join commerce.product p on p.tenant_id = l.tenant_id and p.sku = l.sku
                                where l.tenant_id = ? and l.order_id = any(?)
                                  and not (l.refunded_fen > 0 and l.refunded_fen >= l.amount_fen)
                                order by l.order_id, l.line_no
                                """)
                        .params(tenant.value(), orderIds.toArray(Long[]::new))
                        .query(OrderItem.class)
                        .list()));
    }
}
