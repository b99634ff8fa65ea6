package io.moat.tags;

import io.moat.shared.TenantId;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The WeCom corp tag id of Moat's tags, for modules that address WeCom by tag (a Moments post's visibility). A tag
 * that is deleted or not (yet) in WeCom has none and is absent from the answer. Call in the workspace's scope.
 */
@Service
@Transactional(readOnly = true)
public class TagWecomIds {

    private final JdbcClient jdbc;

    TagWecomIds(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Map<Long, String> of(TenantId tenant, Collection<Long> tagIds) {
        Map<Long, String> ids = new LinkedHashMap<>();
        if (tagIds.isEmpty()) {
            return ids;
        }
        jdbc.sql("""
                select id, wecom_tag_id from tags.tag
                where tenant_id = ? and id = any(?) and deleted_at is null and wecom_tag_id is not null
                """)
                .params(tenant.value(), tagIds.toArray(Long[]::new))
                .query((rs, n) -> Map.entry(rs.getLong(1), rs.getString(2)))
                .list()
                .forEach(e -> ids.put(e.getKey(), e.getValue()));
        return ids;
    }
}
