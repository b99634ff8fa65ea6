package io.moat.customers.internal;

import io.moat.shared.TenantId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * How well orders find their people (order to fan), per platform: of the orders recorded, how many are linked to a
 * profile, how many of those profiles are WeCom fans, and by which identity the link was made.
 */
@Service
@Transactional(readOnly = true)
public class OrderMatching {

    private final JdbcClient jdbc;

    OrderMatching(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** One platform's match figures; {@code rate} = linked ÷ orders, {@code fanRate} = toFans ÷ orders. */
    public record PlatformMatch(
            String platform,
            long orders,
            long linked,
            long toFans,
            double rate,
            double fanRate,
            Map<String, Long> byIdentity) {}

    public List<PlatformMatch> byPlatform(TenantId tenant) {
        Map<String, Map<String, Long>> methods = new LinkedHashMap<>();
        jdbc.sql("""
                select platform, linked_by, count(*) from customers.purchase
                where tenant_id = ? and linked_by is not null group by platform, linked_by order by platform, linked_by
                """)
                .param(tenant.value())
                .query((row, n) -> methods.computeIfAbsent(row.getString(1), k -> new LinkedHashMap<>())
                        .put(row.getString(2), row.getLong(3)))
                .list();
        return jdbc.sql("""
                select p.platform, count(*) as orders, count(p.customer_id) as linked,
                       count(*) filter (where exists (select 1 from customers.staff_relation r
                           where r.tenant_id = p.tenant_id and r.customer_id = p.customer_id)) as to_fans
                from customers.purchase p where p.tenant_id = ? group by p.platform order by p.platform
                """)
                .param(tenant.value())
                .query((row, n) -> {
                    long orders = row.getLong(2);
                    return new PlatformMatch(
                            row.getString(1),
                            orders,
                            row.getLong(3),
                            row.getLong(4),
                            orders == 0 ? 0 : (double) row.getLong(3) / orders,
                            orders == 0 ? 0 : (double) row.getLong(4) / orders,
                            methods.getOrDefault(row.getString(1), Map.of()));
                })
                .list();
    }
}
