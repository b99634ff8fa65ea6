package io.moat.community.internal;

import io.moat.community.policy.GroupType;
import io.moat.community.policy.MemberRole;
import io.moat.shared.Problem;
import io.moat.shared.TenantId;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The registry's groups and members as operators see and classify them: type, tags and recorded cost per group, a
 * role per member, each member's activity, and customers who sit in several groups of the same type. Call in the
 * workspace's scope.
 */
@Component
@Transactional
public class GroupDirectory {

    private final JdbcClient jdbc;

    GroupDirectory(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public record Group(
            String chatId,
            String name,
            @Nullable String owner,
            @Nullable GroupType type,
            List<String> tags,
            long costFen,
            @Nullable Instant createdAt,
            @Nullable Instant dismissedAt) {}

    public record Member(
            String memberId,
            @Nullable String name,
            boolean staff,
            MemberRole role,
            Instant joinedAt,
            @Nullable Integer joinScene,
            @Nullable String invitor,
            @Nullable String state,
            @Nullable Instant leftAt,
            long messages30d,
            @Nullable Instant lastSpokeAt) {}

    /** A customer in more than one live group of one type. */
    public record Duplicate(String memberId, @Nullable String name, GroupType type, List<String> chatIds) {}

    @Transactional(readOnly = true)
    public List<Group> groups(TenantId tenant) {
        return jdbc.sql("""
                select chat_id, name, owner, group_type, tags, cost_fen, created_at, dismissed_at
                from community.group_profile where tenant_id = ? order by created_at nulls last, chat_id
                """).param(tenant.value()).query(GroupDirectory::group).list();
    }

    @Transactional(readOnly = true)
    public Group group(TenantId tenant, String chatId) {
        return jdbc.sql("""
                select chat_id, name, owner, group_type, tags, cost_fen, created_at, dismissed_at
                from community.group_profile where tenant_id = ? and chat_id = ?
                """)
                .params(tenant.value(), chatId)
                .query(GroupDirectory::group)
                .optional()
                .orElseThrow(() -> notFound(chatId));
    }

    public Group classify(TenantId tenant, String chatId, @Nullable GroupType type, List<String> tags, long costFen) {
        int changed = jdbc.sql("""
                update community.group_profile set group_type = ?, tags = ?, cost_fen = ?
                where tenant_id = ? and chat_id = ?
                """)
                .params(
                        type == null ? null : type.code(),
                        tags.stream().map(String::strip).distinct().toArray(String[]::new),
                        costFen,
                        tenant.value(),
                        chatId)
                .update();
        if (changed == 0) {
            throw notFound(chatId);
        }
        return group(tenant, chatId);
    }

    /** Sets a member's role; the owner's role follows WeCom and is not set by hand. */
    public void setRole(TenantId tenant, String chatId, String memberId, MemberRole role) {
        if (role == MemberRole.OWNER) {
            throw new Problem(
                    HttpStatus.BAD_REQUEST,
                    "owner-role-from-wecom",
                    "The owner is whoever owns the group in WeCom.",
                    "role");
        }
        int changed = jdbc.sql("""
                update community.member set role = ?, wecom_admin = false where tenant_id = ? and chat_id = ? and member_id = ?
                    and role <> 'owner'
                """)
                .params(role.code(), tenant.value(), chatId, memberId)
                .update();
        if (changed == 0) {
            throw new Problem(
                    HttpStatus.NOT_FOUND,
                    "member-not-found",
                    "There is no member " + memberId + " (other than the owner) in group " + chatId + ".",
                    "memberId");
        }
    }

    /** Current members (and, with {@code withLeft}, those who left), with their messages of the last 30 days. */
    @Transactional(readOnly = true)
    public List<Member> members(TenantId tenant, String chatId, boolean withLeft, Instant now) {
        group(tenant, chatId);
        return jdbc.sql("""
                select m.member_id, m.name, m.staff, m.role, m.joined_at, m.join_scene, m.invitor, m.state, m.left_at,
                    (select count(*) from community.message x where x.tenant_id = m.tenant_id and x.chat_id = m.chat_id
                        and x.sender = m.member_id and x.sent_at > ?) as messages_30d,
                    (select max(x.sent_at) from community.message x where x.tenant_id = m.tenant_id
                        and x.chat_id = m.chat_id and x.sender = m.member_id) as last_spoke
                from community.member m
                where m.tenant_id = ? and m.chat_id = ? and (? or m.left_at is null)
                order by m.left_at nulls first, m.role = 'member', messages_30d desc, m.member_id
                """)
                .params(GroupRegistry.at(now.minus(Duration.ofDays(30))), tenant.value(), chatId, withLeft)
                .query((rs, row) -> new Member(
                        rs.getString("member_id"),
                        rs.getString("name"),
                        rs.getBoolean("staff"),
                        MemberRole.ofCode(rs.getString("role")).orElseThrow(),
                        rs.getTimestamp("joined_at").toInstant(),
                        (Integer) rs.getObject("join_scene"),
                        rs.getString("invitor"),
                        rs.getString("state"),
                        instant(rs.getTimestamp("left_at")),
                        rs.getLong("messages_30d"),
                        instant(rs.getTimestamp("last_spoke"))))
                .list();
    }

    /** A member's guard record in a group: hits, the tasks they led to, how it ended. */
    public record GuardCase(
            String chatId,
            String memberId,
            int hits,
            @Nullable Long warningTask,
            @Nullable Long removalTask,
            @Nullable String outcome,
            @Nullable Instant resolvedAt) {}

    @Transactional(readOnly = true)
    public List<GuardCase> guardCases(TenantId tenant, @Nullable String chatId) {
        return jdbc.sql("""
                select chat_id, member_id, hits, warning_task, removal_task, outcome, resolved_at
                from community.guard_case where tenant_id = ? and (cast(? as text) is null or chat_id = ?)
                order by chat_id, member_id
                """)
                .params(tenant.value(), chatId, chatId)
                .query((rs, row) -> new GuardCase(
                        rs.getString("chat_id"),
                        rs.getString("member_id"),
                        rs.getInt("hits"),
                        (Long) rs.getObject("warning_task"),
                        (Long) rs.getObject("removal_task"),
                        rs.getString("outcome"),
                        instant(rs.getTimestamp("resolved_at"))))
                .list();
    }

    @Transactional(readOnly = true)
    public List<Duplicate> duplicates(TenantId tenant) {
        return jdbc.sql("""
                select m.member_id, max(m.name) as name, g.group_type, array_agg(m.chat_id order by m.joined_at) as chats
                from community.member m
                join community.group_profile g on g.tenant_id = m.tenant_id and g.chat_id = m.chat_id
                where m.tenant_id = ? and m.left_at is null and not m.staff and g.group_type is not null
                  and g.dismissed_at is null
                group by m.member_id, g.group_type
                having count(*) > 1
                order by g.group_type, m.member_id
                """)
                .param(tenant.value())
                .query((rs, row) -> new Duplicate(
                        rs.getString("member_id"),
                        rs.getString("name"),
                        GroupType.ofCode(rs.getString("group_type")).orElseThrow(),
                        strings(rs.getArray("chats"))))
                .list();
    }

    private static Group group(ResultSet rs, int row) throws SQLException {
        return new Group(
                rs.getString("chat_id"),
                rs.getString("name"),
                rs.getString("owner"),
                Optional.ofNullable(rs.getString("group_type"))
                        .flatMap(GroupType::ofCode)
                        .orElse(null),
                strings(rs.getArray("tags")),
                rs.getLong("cost_fen"),
                instant(rs.getTimestamp("created_at")),
                instant(rs.getTimestamp("dismissed_at")));
    }

    private static List<String> strings(@Nullable Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }

    private static @Nullable Instant instant(@Nullable Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    static Problem notFound(String chatId) {
        return new Problem(HttpStatus.NOT_FOUND, "group-not-found", "There is no group " + chatId + ".");
    }
}
