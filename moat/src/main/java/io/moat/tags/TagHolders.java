package io.moat.tags;

import io.moat.customers.CustomerId;
import io.moat.shared.TenantId;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Which live tags customers carry, for other modules' indexes. Call in the workspace's scope. */
@Service
@Transactional(readOnly = true)
public class TagHolders {

    private final JdbcClient jdbc;

    TagHolders(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Each of {@code customers} with the ids of the live tags it carries, ascending; customers without any are absent. */
    public Map<CustomerId, List<Long>> tagsOf(TenantId tenant, Collection<CustomerId> customers) {
        Map<CustomerId, List<Long>> tags = new LinkedHashMap<>();
        jdbc.sql("""
                select a.customer_id, array_agg(a.tag_id order by a.tag_id)
                from tags.tag_assignment a
                join tags.tag t on t.tenant_id = a.tenant_id and t.id = a.tag_id
                where a.tenant_id = ? and a.customer_id = any(?) and t.deleted_at is null
                group by a.customer_id
                """)
                .params(
                        tenant.value(),
                        customers.stream().map(CustomerId::value).toArray(Long[]::new))
                .query((row, n) -> tags.put(new CustomerId(row.getLong(1)), List.of((Long[])
                        row.getArray(2).getArray())))
                .list();
        return tags;
    }
}
