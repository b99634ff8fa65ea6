package io.moat.wecom;

import io.moat.shared.TenantId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Customer groups as WeCom's mirror has them, for other modules: the groups, their members (with type, join time,
 * scene, inviter and the join way's state) and the text of archived group messages. Read-only; call inside the
 * workspace's scope.
 */
@Component
@Transactional(readOnly = true)
public class WecomGroups {

    private final JdbcClient jdbc;

    WecomGroups(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A group; {@code dismissedAt} is set once its owner dismissed it (or a sync no longer found it). */
    public record Group(
            String chatId,
            String name,
            @Nullable String owner,
            @Nullable Instant createdAt,
            @Nullable String notice,
            @Nullable Instant dismissedAt) {}

    /**
     * A member of a group; {@code staff} for the corp's own members (WeCom type 1), else an external contact. {@code
     * leftAt} is set once they left.
     */
    public record Member(
            String chatId,
            String memberId,
            boolean staff,
            @Nullable Instant joinedAt,
            @Nullable Integer joinScene,
            @Nullable String invitor,
            @Nullable String state,
            @Nullable String name,
            @Nullable Instant leftAt) {}

    public List<Group> groups(TenantId tenant) {
        return jdbc.sql("""
                select chat_id, name, owner_user_id, created_at, notice, dismissed_at from wecom.group_chat
                where tenant_id = ? order by created_at nulls last, chat_id
                """).param(tenant.value()).query(WecomGroups::group).list();
    }

    public Optional<Group> group(TenantId tenant, String chatId) {
        return jdbc.sql("""
                select chat_id, name, owner_user_id, created_at, notice, dismissed_at from wecom.group_chat
                where tenant_id = ? and chat_id = ?
                """)
                .params(tenant.value(), chatId)
                .query(WecomGroups::group)
                .optional();
    }

    /** Everyone the mirror has seen in the group, those who left included. */
    public List<Member> members(TenantId tenant, String chatId) {
        return jdbc.sql("""
                select chat_id, member_id, member_type, joined_at, join_scene, invitor, state,
                    coalesce(group_nickname, name) as name, left_at
                from wecom.group_member where tenant_id = ? and chat_id = ? order by joined_at nulls first, member_id
                """)
                .params(tenant.value(), chatId)
                .query(WecomGroups::member)
                .list();
    }

    /** The group's admins (staff user ids) as WeCom listed them when the group was last read. */
    public List<String> admins(TenantId tenant, String chatId) {
        return jdbc.sql("""
                select unnest(admin_user_ids) from wecom.group_chat where tenant_id = ? and chat_id = ?
                """).params(tenant.value(), chatId).query(String.class).list();
    }

    /** The text of archived messages by msgid; messages without text (images, cards) are absent. */
    public Map<String, String> messageTexts(TenantId tenant, Collection<String> msgIds) {
        if (msgIds.isEmpty()) {
            return Map.of();
        }
        return jdbc
                .sql("""
                select msg_id, content from wecom.archived_message
                where tenant_id = ? and msg_id = any(?) and content is not null
                """)
                .params(tenant.value(), msgIds.toArray(String[]::new))
                .query((rs, row) -> Map.entry(rs.getString(1), rs.getString(2)))
                .list()
                .stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    private static Group group(ResultSet rs, int row) throws SQLException {
        return new Group(
                rs.getString("chat_id"),
                rs.getString("name"),
                rs.getString("owner_user_id"),
                instant(rs.getTimestamp("created_at")),
                rs.getString("notice"),
                instant(rs.getTimestamp("dismissed_at")));
    }

    private static Member member(ResultSet rs, int row) throws SQLException {
        return new Member(
                rs.getString("chat_id"),
                rs.getString("member_id"),
                rs.getInt("member_type") == 1,
                instant(rs.getTimestamp("joined_at")),
                (Integer) rs.getObject("join_scene"),
                rs.getString("invitor"),
                rs.getString("state"),
                rs.getString("name"),
                instant(rs.getTimestamp("left_at")));
    }

    private static @Nullable Instant instant(@Nullable Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
