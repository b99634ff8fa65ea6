package io.moat.community.internal;

import io.moat.shared.TenantId;
import io.moat.wecom.GroupChanged;
import io.moat.wecom.GroupCreated;
import io.moat.wecom.GroupDismissed;
import io.moat.wecom.MembersJoined;
import io.moat.wecom.MembersLeft;
import io.moat.wecom.WecomGroups;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * The group registry: a projection of WeCom's groups and their membership history. Creations, changes and joins
 * re-read the group from the wecom mirror (which has owner, member types, join scenes and inviters); quits are taken
 * from the event with WeCom's time. Every join and quit is logged once, so member counts on any past day can be
 * recomputed.
 */
@Component
public class GroupRegistry {

    private final WecomGroups wecom;
    private final JdbcClient jdbc;
    private final TenantWork work;
    private final GuardCases cases;

    GroupRegistry(WecomGroups wecom, JdbcClient jdbc, TenantWork work, GuardCases cases) {
        this.wecom = wecom;
        this.jdbc = jdbc;
        this.work = work;
        this.cases = cases;
    }

    @TransactionalEventListener
    void on(GroupCreated created) {
        work.run(created.tenant(), () -> refresh(created.tenant(), created.chatId(), created.at()));
    }

    @TransactionalEventListener
    void on(GroupChanged changed) {
        work.run(changed.tenant(), () -> refresh(changed.tenant(), changed.chatId(), changed.at()));
    }

    @TransactionalEventListener
    void on(MembersJoined joined) {
        work.run(joined.tenant(), () -> refresh(joined.tenant(), joined.chatId(), joined.at()));
    }

    @TransactionalEventListener
    void on(MembersLeft left) {
        work.run(left.tenant(), () -> {
            for (String member : left.memberIds()) {
                leave(left.tenant(), left.chatId(), member, left.at(), left.quitScene());
            }
        });
    }

    @TransactionalEventListener
    void on(GroupDismissed dismissed) {
        work.run(dismissed.tenant(), () -> jdbc.sql("""
                        update community.group_profile set dismissed_at = ? where tenant_id = ? and chat_id = ?
                        """)
                .params(at(dismissed.at()), dismissed.tenant().value(), dismissed.chatId())
                .update());
    }

    /**
     * Re-reads every group the mirror knows (for groups that predate this module, or after a full sync), each group in
     * its own tenant-scoped transaction: callers such as the console's refresh hold none, and row level security
     * refuses writes outside one.
     */
    public int refreshAll(TenantId tenant, Instant now) {
        var groups = wecom.groups(tenant);
        groups.forEach(group -> work.run(tenant, () -> refresh(tenant, group.chatId(), now)));
        return groups.size();
    }

    /** Brings one group and its members in line with the mirror; {@code fallback} dates joins the mirror cannot. */
    public void refresh(TenantId tenant, String chatId, Instant fallback) {
        var group = wecom.group(tenant, chatId);
        if (group.isEmpty()) {
            return;
        }
        var g = group.get();
        jdbc.sql("""
                insert into community.group_profile (tenant_id, chat_id, name, owner, created_at, dismissed_at)
                values (?, ?, ?, ?, ?, ?)
                on conflict (tenant_id, chat_id) do update set name = excluded.name, owner = excluded.owner,
                    created_at = excluded.created_at, dismissed_at = excluded.dismissed_at
                """)
                .params(tenant.value(), chatId, g.name(), g.owner(), at(g.createdAt()), at(g.dismissedAt()))
                .update();
        for (var member : wecom.members(tenant, chatId)) {
            Instant joinedAt = member.joinedAt() == null ? fallback : member.joinedAt();
            if (member.leftAt() != null) {
                leave(tenant, chatId, member.memberId(), member.leftAt(), null);
                continue;
            }
            boolean joined = jdbc.sql("""
                    insert into community.member (tenant_id, chat_id, member_id, staff, name, joined_at, join_scene,
                        invitor, state)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    on conflict (tenant_id, chat_id, member_id) do update set left_at = null,
                        joined_at = excluded.joined_at, join_scene = excluded.join_scene, invitor = excluded.invitor,
                        state = excluded.state, name = excluded.name
                        where community.member.left_at is not null and community.member.left_at <= excluded.joined_at
                    returning member_id
                    """)
                    .params(
                            tenant.value(),
                            chatId,
                            member.memberId(),
                            member.staff(),
                            member.name(),
                            at(joinedAt),
                            member.joinScene(),
                            member.invitor(),
                            member.state())
                    .query(String.class)
                    .optional()
                    .isPresent();
            if (joined) {
                log(
                        tenant,
                        chatId,
                        member.memberId(),
                        "join",
                        joinedAt,
                        member.joinScene(),
                        member.staff(),
                        member.state());
            }
        }
        jdbc.sql("""
                update community.member set role = case when member_id = ? then 'owner'
                    when role = 'owner' then 'member' else role end
                where tenant_id = ? and chat_id = ? and (member_id = ? or role = 'owner')
                """).params(g.owner(), tenant.value(), chatId, g.owner()).update();
        syncAdmins(tenant, chatId, wecom.admins(tenant, chatId));
    }

    /**
     * WeCom's admin list becomes the admin role; a member WeCom no longer lists goes back to member, unless staff
     * gave them the role in Moat (then the role is Moat's, not WeCom's). The owner stays owner.
     */
    private void syncAdmins(TenantId tenant, String chatId, List<String> admins) {
        String[] ids = admins.toArray(String[]::new);
        jdbc.sql("""
                update community.member set role = 'member', wecom_admin = false
                where tenant_id = ? and chat_id = ? and wecom_admin and not (member_id = any(?))
                """).params(tenant.value(), chatId, ids).update();
        jdbc.sql("""
                update community.member set role = 'admin', wecom_admin = true
                where tenant_id = ? and chat_id = ? and member_id = any(?) and role <> 'owner' and left_at is null
                """).params(tenant.value(), chatId, ids).update();
    }

    private static @Nullable String blankToNull(@Nullable String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private void leave(TenantId tenant, String chatId, String memberId, Instant at, @Nullable Integer scene) {
        Boolean staff = jdbc.sql("""
                update community.member set left_at = ? where tenant_id = ? and chat_id = ? and member_id = ?
                    and left_at is null and joined_at <= ?
                returning staff
                """)
                .params(at(at), tenant.value(), chatId, memberId, at(at))
                .query(Boolean.class)
                .optional()
                .orElse(null);
        if (staff != null) {
            log(tenant, chatId, memberId, "quit", at, scene, staff, null);
            cases.memberLeft(tenant, chatId, memberId, at);
        }
    }

    private void log(
            TenantId tenant,
            String chatId,
            String memberId,
            String kind,
            Instant at,
            @Nullable Integer scene,
            boolean staff,
            @Nullable String state) {
        jdbc.sql("""
                insert into community.membership_event (tenant_id, chat_id, member_id, kind, at, scene, staff, state)
                values (?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing
                """)
                .params(tenant.value(), chatId, memberId, kind, at(at), scene, staff, blankToNull(state))
                .update();
    }

    static @Nullable OffsetDateTime at(@Nullable Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
