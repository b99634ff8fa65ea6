package io.moat.tags.internal;

import io.moat.shared.TenantId;
import io.moat.tags.TagsDeleted;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The workspace's live tag groups and tags. Deleting is soft (names free up, ids stay valid for history) and takes
 * the tag's assignments, rule and channel mappings along.
 */
@Component
@Transactional(propagation = Propagation.MANDATORY)
public class TagLibrary {

    private static final String GROUP_COLUMNS = "id, name, kind, wecom_sync, wecom_group_id, sort";
    private static final String TAG_COLUMNS = "id, group_id, name, wecom_tag_id, sort";

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;

    TagLibrary(JdbcClient jdbc, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.events = events;
    }

    public record Group(
            long id,
            String name,
            TagKind kind,
            boolean wecomSync,
            @Nullable String wecomGroupId,
            long sort) {}

    public record Tag(
            long id, long groupId, String name, @Nullable String wecomTagId, long sort) {}

    /** A live tag with what assigning it needs: {@code wecomTagId} is set only when its group syncs with WeCom. */
    public record TagRef(
            long id,
            String name,
            long groupId,
            TagKind kind,
            @Nullable String wecomTagId) {
        public boolean synced() {
            return wecomTagId != null;
        }
    }

    public List<Group> groups(TenantId tenant) {
        return jdbc.sql("select " + GROUP_COLUMNS
                        + " from tags.tag_group where tenant_id = ? and deleted_at is null order by sort desc, id")
                .param(tenant.value())
                .query((row, n) -> group(row))
                .list();
    }

    public Optional<Group> group(TenantId tenant, long id) {
        return jdbc.sql("select " + GROUP_COLUMNS
                        + " from tags.tag_group where tenant_id = ? and id = ? and deleted_at is null")
                .params(tenant.value(), id)
                .query((row, n) -> group(row))
                .optional();
    }

    public Optional<Group> groupNamed(TenantId tenant, String name) {
        return jdbc.sql("select " + GROUP_COLUMNS
                        + " from tags.tag_group where tenant_id = ? and name = ? and deleted_at is null")
                .params(tenant.value(), name)
                .query((row, n) -> group(row))
                .optional();
    }

    public List<Tag> tags(TenantId tenant) {
        return jdbc.sql("select " + TAG_COLUMNS
                        + " from tags.tag where tenant_id = ? and deleted_at is null order by sort desc, id")
                .param(tenant.value())
                .query(Tag.class)
                .list();
    }

    public List<Tag> tagsOf(TenantId tenant, long groupId) {
        return jdbc.sql("select " + TAG_COLUMNS + """
                         from tags.tag where tenant_id = ? and group_id = ? and deleted_at is null
                        order by sort desc, id""")
                .params(tenant.value(), groupId)
                .query(Tag.class)
                .list();
    }

    public Optional<Tag> tag(TenantId tenant, long id) {
        return jdbc.sql("select " + TAG_COLUMNS
                        + " from tags.tag where tenant_id = ? and id = ? and deleted_at is null")
                .params(tenant.value(), id)
                .query(Tag.class)
                .optional();
    }

    public Optional<Tag> tagNamed(TenantId tenant, long groupId, String name) {
        return jdbc.sql("select " + TAG_COLUMNS
                        + " from tags.tag where tenant_id = ? and group_id = ? and name = ? and deleted_at is null")
                .params(tenant.value(), groupId, name)
                .query(Tag.class)
                .optional();
    }

    public Optional<Tag> tagByWecomId(TenantId tenant, String wecomTagId) {
        return jdbc.sql("select " + TAG_COLUMNS
                        + " from tags.tag where tenant_id = ? and wecom_tag_id = ? and deleted_at is null")
                .params(tenant.value(), wecomTagId)
                .query(Tag.class)
                .optional();
    }

    /** The live ones among {@code ids}. */
    public List<TagRef> refs(TenantId tenant, Collection<Long> ids) {
        return jdbc.sql("""
                select t.id, t.name, t.group_id, g.kind, case when g.wecom_sync then t.wecom_tag_id end
                from tags.tag t join tags.tag_group g on g.tenant_id = t.tenant_id and g.id = t.group_id
                where t.tenant_id = ? and t.id = any(?) and t.deleted_at is null and g.deleted_at is null
                order by t.id
                """)
                .params(tenant.value(), ids.toArray(Long[]::new))
                .query((row, n) -> new TagRef(
                        row.getLong(1),
                        row.getString(2),
                        row.getLong(3),
                        TagKind.ofCode(row.getString(4)).orElseThrow(),
                        row.getString(5)))
                .list();
    }

    /** Customers per live tag. */
    public Map<Long, Long> customerCounts(TenantId tenant) {
        return jdbc
                .sql("select tag_id, count(*) from tags.tag_assignment where tenant_id = ? group by tag_id")
                .param(tenant.value())
                .query((row, n) -> Map.entry(row.getLong(1), row.getLong(2)))
                .list()
                .stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    public long insertGroup(
            TenantId tenant, String name, TagKind kind, boolean wecomSync, @Nullable String wecomGroupId, Instant now) {
        return jdbc.sql("""
                insert into tags.tag_group (tenant_id, name, kind, wecom_sync, wecom_group_id, created_at)
                values (?, ?, ?, ?, ?, ?) returning id
                """)
                .params(tenant.value(), name, kind.code(), wecomSync, wecomGroupId, at(now))
                .query(Long.class)
                .single();
    }

    public long insertTag(TenantId tenant, long groupId, String name, @Nullable String wecomTagId, Instant now) {
        return jdbc.sql("""
                insert into tags.tag (tenant_id, group_id, name, wecom_tag_id, created_at)
                values (?, ?, ?, ?, ?) returning id
                """)
                .params(tenant.value(), groupId, name, wecomTagId, at(now))
                .query(Long.class)
                .single();
    }

    public void renameGroup(TenantId tenant, long id, String name) {
        jdbc.sql("update tags.tag_group set name = ? where tenant_id = ? and id = ?")
                .params(name, tenant.value(), id)
                .update();
    }

    /** Ties a group to a WeCom tag group (or unties it: WeCom drops a group with its last tag). */
    public void linkGroup(TenantId tenant, long id, @Nullable String wecomGroupId) {
        jdbc.sql("""
                update tags.tag_group set wecom_group_id = ?, wecom_sync = wecom_sync or ?
                where tenant_id = ? and id = ?
                """)
                .params(wecomGroupId, wecomGroupId != null, tenant.value(), id)
                .update();
    }

    public void renameTag(TenantId tenant, long id, String name) {
        jdbc.sql("update tags.tag set name = ? where tenant_id = ? and id = ?")
                .params(name, tenant.value(), id)
                .update();
    }

    public void linkTag(TenantId tenant, long id, String wecomTagId) {
        jdbc.sql("update tags.tag set wecom_tag_id = ? where tenant_id = ? and id = ?")
                .params(wecomTagId, tenant.value(), id)
                .update();
    }

    public void deleteTags(TenantId tenant, Collection<Long> ids, Instant now) {
        Long[] tagIds = ids.toArray(Long[]::new);
        for (String table : List.of("tags.tag_assignment", "tags.rule", "tags.channel_tag", "tags.channel_arrival")) {
            jdbc.sql("delete from " + table + " where tenant_id = ? and tag_id = any(?)")
                    .params(tenant.value(), tagIds)
                    .update();
        }
        jdbc.sql("update tags.tag set deleted_at = ? where tenant_id = ? and id = any(?) and deleted_at is null")
                .params(at(now), tenant.value(), tagIds)
                .update();
        if (tagIds.length > 0) {
            events.publishEvent(new TagsDeleted(tenant, List.of(tagIds)));
        }
    }

    public void deleteGroup(TenantId tenant, long id, Instant now) {
        deleteTags(tenant, tagsOf(tenant, id).stream().map(Tag::id).toList(), now);
        jdbc.sql("update tags.tag_group set deleted_at = ? where tenant_id = ? and id = ?")
                .params(at(now), tenant.value(), id)
                .update();
    }

    /** Serialises changes to one workspace's library (a sync and an edit arriving together). */
    public void lock(TenantId tenant) {
        jdbc.sql("select pg_advisory_xact_lock(hashtextextended('tags:' || ?, 0))")
                .param(tenant.value())
                .query((row, n) -> null)
                .list();
    }

    private static Group group(ResultSet row) throws SQLException {
        return new Group(
                row.getLong("id"),
                row.getString("name"),
                TagKind.ofCode(row.getString("kind")).orElseThrow(),
                row.getBoolean("wecom_sync"),
                row.getString("wecom_group_id"),
                row.getLong("sort"));
    }

    private static OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
