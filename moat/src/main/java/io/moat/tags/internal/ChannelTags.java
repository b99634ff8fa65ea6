package io.moat.tags.internal;

import io.moat.shared.Problem;
import io.moat.shared.TenantId;
import io.moat.tags.internal.TagLibrary.TagRef;
import io.moat.workspace.AuditLog;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The tags a channel code gives: a tag named exactly as the code's {@code state} in a channel group, and the tags
 * mapped to that state explicitly. Call in the workspace's scope.
 */
@Component
@Transactional
public class ChannelTags {

    private final JdbcClient jdbc;
    private final TagLibrary library;
    private final TagChanges changes;
    private final AuditLog audit;

    ChannelTags(JdbcClient jdbc, TagLibrary library, TagChanges changes, AuditLog audit) {
        this.jdbc = jdbc;
        this.library = library;
        this.changes = changes;
        this.audit = audit;
    }

    /** A state and the tags mapped to it. */
    public record Mapping(String state, List<Long> tagIds) {}

    @Transactional(readOnly = true)
    public List<TagRef> forState(TenantId tenant, String state) {
        List<Long> ids = jdbc.sql("""
                select t.id from tags.tag t
                join tags.tag_group g on g.tenant_id = t.tenant_id and g.id = t.group_id
                where t.tenant_id = :tenant and g.kind = 'channel' and t.name = :state
                  and t.deleted_at is null and g.deleted_at is null
                union
                select tag_id from tags.channel_tag where tenant_id = :tenant and state = :state
                """)
                .param("tenant", tenant.value())
                .param("state", state)
                .query(Long.class)
                .list();
        return ids.isEmpty() ? List.of() : library.refs(tenant, ids);
    }

    @Transactional(readOnly = true)
    public List<Mapping> mappings(TenantId tenant) {
        Map<String, List<Long>> byState = jdbc
                .sql("select state, tag_id from tags.channel_tag where tenant_id = ? order by state, tag_id")
                .param(tenant.value())
                .query((row, n) -> Map.entry(row.getString(1), row.getLong(2)))
                .list()
                .stream()
                .collect(Collectors.groupingBy(
                        Map.Entry::getKey,
                        java.util.TreeMap::new,
                        Collectors.mapping(Map.Entry::getValue, Collectors.toList())));
        return byState.entrySet().stream()
                .map(e -> new Mapping(e.getKey(), e.getValue()))
                .toList();
    }

    /** Replaces the tags mapped to a state; an empty list removes the mapping. */
    public Mapping map(TenantId tenant, String state, List<Long> tagIds) {
        if (state.isBlank() || state.length() > 30) {
            throw new Problem(HttpStatus.BAD_REQUEST, "invalid-state", "A state has 1 to 30 characters.", "state");
        }
        changes.assignable(tenant, tagIds, "tagIds");
        jdbc.sql("delete from tags.channel_tag where tenant_id = ? and state = ?")
                .params(tenant.value(), state)
                .update();
        jdbc.sql("""
                insert into tags.channel_tag (tenant_id, state, tag_id)
                select ?, ?, tag_id from unnest(cast(? as bigint[])) as tag_id on conflict do nothing
                """).params(tenant.value(), state, tagIds.toArray(Long[]::new)).update();
        audit.record("tags.channel.mapped", "channel:" + state, Map.of("tags", tagIds));
        return new Mapping(state, tagIds.stream().distinct().sorted().toList());
    }
}
