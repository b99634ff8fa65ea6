package io.moat.customers;

import io.moat.shared.TenantId;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What WeCom customers (by external_userid) bought and which loyalty type they are, for modules that measure groups
 * of them (docs/metrics.md, "Community"). Profiles merged into another are read through their survivor. Call in the
 * workspace's scope.
 */
@Service
@Transactional(readOnly = true)
public class CustomerSpending {

    private final JdbcClient jdbc;

    CustomerSpending(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** One counting order (net amount above zero, in fen) of the profile behind {@code externalUserId}. */
    public record CountingOrder(
            String externalUserId, CustomerId customer, long orderId, Instant paidAt, long netFen) {}

    /** Counting orders of these customers paid from {@code from} (inclusive) to {@code to} (exclusive). */
    public List<CountingOrder> countingOrders(
            TenantId tenant, Collection<String> externalUserIds, Instant from, Instant to) {
        if (externalUserIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                select i.value as external_user_id, coalesce(c.merged_into, c.id) as profile, p.order_id, p.paid_at,
                    p.paid_fen - p.refunded_fen as net_fen
                from customers.identity i
                join customers.customer c on c.tenant_id = i.tenant_id and c.id = i.customer_id
                join customers.purchase p on p.tenant_id = i.tenant_id
                    and p.customer_id = coalesce(c.merged_into, c.id)
                where i.tenant_id = :tenant and i.kind = 'external_userid' and i.value = any(:ids)
                  and p.paid_fen - p.refunded_fen > 0 and p.paid_at >= :from and p.paid_at < :to
                order by p.paid_at, p.order_id
                """)
                .param("tenant", tenant.value())
                .param("ids", externalUserIds.toArray(String[]::new))
                .param("from", from.atOffset(ZoneOffset.UTC))
                .param("to", to.atOffset(ZoneOffset.UTC))
                .query((rs, row) -> new CountingOrder(
                        rs.getString("external_user_id"),
                        new CustomerId(rs.getLong("profile")),
                        rs.getLong("order_id"),
                        rs.getTimestamp("paid_at").toInstant(),
                        rs.getLong("net_fen")))
                .list();
    }

    /**
     * The current loyalty type of each customer that has a profile ({@code not_computed} until the profile's values
     * are computed); customers without a profile are absent.
     */
    public Map<String, String> loyaltyTypes(TenantId tenant, Collection<String> externalUserIds) {
        Map<String, String> types = new LinkedHashMap<>();
        if (externalUserIds.isEmpty()) {
            return types;
        }
        jdbc.sql("""
                        select i.value, coalesce(v.loyalty, 'not_computed') as loyalty
                        from customers.identity i
                        join customers.customer c on c.tenant_id = i.tenant_id and c.id = i.customer_id
                        left join customers.customer_value v on v.tenant_id = c.tenant_id
                            and v.customer_id = coalesce(c.merged_into, c.id)
                        where i.tenant_id = ? and i.kind = 'external_userid' and i.value = any(?)
                        """)
                .params(tenant.value(), externalUserIds.toArray(String[]::new))
                .query((rs, row) -> types.put(rs.getString(1), rs.getString(2)))
                .list();
        return types;
    }
}
