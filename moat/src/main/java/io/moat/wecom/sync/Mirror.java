package io.moat.wecom.sync;

import io.moat.shared.TenantId;
import io.moat.shared.crypto.SecretBox;
import io.moat.wecom.client.WecomRecords.Contact;
import io.moat.wecom.client.WecomRecords.CorpTag;
import io.moat.wecom.client.WecomRecords.Department;
import io.moat.wecom.client.WecomRecords.Follow;
import io.moat.wecom.client.WecomRecords.Group;
import io.moat.wecom.client.WecomRecords.GroupMember;
import io.moat.wecom.client.WecomRecords.Staff;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Moat's copy of what WeCom knows. Every write is an idempotent upsert, so a full sync, a replayed callback and the
 * nightly reconciliation can all run over the same rows without doubling anything. Remark mobiles are personal
 * data and are stored sealed.
 */
@Component
@Transactional(propagation = Propagation.MANDATORY)
public class Mirror {

    /**
     * A follow seen again (page by page in a sync, or one by one from a callback): what WeCom left out keeps its last
     * known value, and the relation is active again.
     */
    private static final String FOLLOW_SEEN_AGAIN = """
            on conflict (tenant_id, external_user_id, user_id) do update set
                remark = coalesce(excluded.remark, wecom.follow.remark),
                description = coalesce(excluded.description, wecom.follow.description),
                state = coalesce(excluded.state, wecom.follow.state),
                add_way = coalesce(excluded.add_way, wecom.follow.add_way),
                oper_user_id = coalesce(excluded.oper_user_id, wecom.follow.oper_user_id),
                added_at = coalesce(excluded.added_at, wecom.follow.added_at),
                tag_ids = excluded.tag_ids,
                remark_mobiles_sealed = coalesce(excluded.remark_mobiles_sealed, wecom.follow.remark_mobiles_sealed),
                active = true, removed_at = null, removed_by = null, synced_at = excluded.synced_at
            """;

    private final JdbcClient jdbc;
    private final SecretBox box;

    Mirror(JdbcClient jdbc, SecretBox box) {
        this.jdbc = jdbc;
        this.box = box;
    }

    public void department(TenantId tenant, Department department, Instant now) {
        jdbc.sql("""
                insert into wecom.department (tenant_id, id, name, parent_id, synced_at) values (?, ?, ?, ?, ?)
                on conflict (tenant_id, id) do update
                    set name = excluded.name, parent_id = excluded.parent_id, synced_at = excluded.synced_at
                """)
                .params(tenant.value(), department.id(), department.name(), department.parentId(), at(now))
                .update();
    }

    public void staff(TenantId tenant, Staff staff, Instant now) {
        jdbc.sql("""
                insert into wecom.staff (tenant_id, user_id, name, departments, status, active, synced_at)
                values (?, ?, ?, ?, ?, true, ?)
                on conflict (tenant_id, user_id) do update set name = excluded.name,
                    departments = excluded.departments, status = excluded.status, active = true,
                    synced_at = excluded.synced_at
                """)
                .params(
                        tenant.value(),
                        staff.userId(),
                        staff.name(),
                        staff.departments().toArray(Long[]::new),
                        staff.status(),
                        at(now))
                .update();
    }

    public void staffLeft(TenantId tenant, String userId, Instant now) {
        jdbc.sql("update wecom.staff set active = false, synced_at = ? where tenant_id = ? and user_id = ?")
                .params(at(now), tenant.value(), userId)
                .update();
    }

    /** The contact and the follow relations given; relations not given are left as they are. */
    public void contact(TenantId tenant, Contact contact, Instant now) {
        jdbc.sql("""
                insert into wecom.contact
                    (tenant_id, external_user_id, name, type, gender, unionid, avatar, corp_name, synced_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?)
                on conflict (tenant_id, external_user_id) do update set name = excluded.name, type = excluded.type,
                    gender = excluded.gender, unionid = coalesce(excluded.unionid, wecom.contact.unionid),
                    avatar = excluded.avatar, corp_name = excluded.corp_name, synced_at = excluded.synced_at
                """)
                .params(
                        tenant.value(),
                        contact.externalUserId(),
                        contact.name(),
                        contact.type(),
                        contact.gender(),
                        contact.unionid(),
                        contact.avatar(),
                        contact.corpName(),
                        at(now))
                .update();
        for (Follow follow : contact.follows()) {
            follow(tenant, contact.externalUserId(), follow, now);
        }
    }

    /**
     * A full sync's page of contacts and their follow relations, with one statement for the contacts and one for the
     * relations instead of two per entry: the same upserts as {@link #contact} one after another. A contact listed
     * twice in the page (batch/get_by_user lists it once per staff member) is written once, as it was listed last;
     * a relation listed twice keeps the later non-empty values.
     */
    public void contacts(TenantId tenant, List<Contact> page, Instant now) {
        if (page.isEmpty()) {
            return;
        }
        Map<String, Contact> contacts = new LinkedHashMap<>();
        Map<List<String>, Follow> follows = new LinkedHashMap<>();
        for (Contact contact : page) {
            contacts.merge(
                    contact.externalUserId(),
                    contact,
                    (earlier, later) -> later.unionid() != null
                            ? later
                            : new Contact(
                                    later.externalUserId(),
                                    later.name(),
                                    later.type(),
                                    later.gender(),
                                    earlier.unionid(),
                                    later.avatar(),
                                    later.corpName(),
                                    later.follows()));
            for (Follow follow : contact.follows()) {
                follows.merge(List.of(contact.externalUserId(), follow.userId()), follow, Mirror::later);
            }
        }
        List<Contact> rows = List.copyOf(contacts.values());
        jdbc.sql("""
                insert into wecom.contact
                    (tenant_id, external_user_id, name, type, gender, unionid, avatar, corp_name, synced_at)
                select :tenant, x.external_user_id, x.name, x.type, x.gender, x.unionid, x.avatar, x.corp_name, :now
                from unnest(cast(:ids as text[]), cast(:names as text[]), cast(:types as int[]),
                            cast(:genders as int[]), cast(:unionids as text[]), cast(:avatars as text[]),
                            cast(:corpNames as text[])) as x(external_user_id, name, type, gender, unionid, avatar, corp_name)
                on conflict (tenant_id, external_user_id) do update set name = excluded.name, type = excluded.type,
                    gender = excluded.gender, unionid = coalesce(excluded.unionid, wecom.contact.unionid),
                    avatar = excluded.avatar, corp_name = excluded.corp_name, synced_at = excluded.synced_at
                """)
                .param("tenant", tenant.value())
                .param("now", at(now))
                .param("ids", rows.stream().map(Contact::externalUserId).toArray(String[]::new))
                .param("names", rows.stream().map(Contact::name).toArray(String[]::new))
                .param("types", rows.stream().map(Contact::type).toArray(Integer[]::new))
                .param("genders", rows.stream().map(Contact::gender).toArray(Integer[]::new))
                .param("unionids", rows.stream().map(Contact::unionid).toArray(String[]::new))
                .param("avatars", rows.stream().map(Contact::avatar).toArray(String[]::new))
                .param("corpNames", rows.stream().map(Contact::corpName).toArray(String[]::new))
                .update();
        if (follows.isEmpty()) {
            return;
        }
        int n = follows.size();
        String[] externalUserIds = new String[n];
        String[] userIds = new String[n];
        String[] remarks = new String[n];
        String[] descriptions = new String[n];
        String[] states = new String[n];
        Integer[] addWays = new Integer[n];
        String[] operUserIds = new String[n];
        Long[] addedAt = new Long[n];
        String[] tagIds = new String[n];
        String[] mobiles = new String[n];
        int i = 0;
        for (var entry : follows.entrySet()) {
            Follow follow = entry.getValue();
            externalUserIds[i] = entry.getKey().getFirst();
            userIds[i] = follow.userId();
            remarks[i] = follow.remark();
            descriptions[i] = follow.description();
            states[i] = follow.state();
            addWays[i] = follow.addWay();
            operUserIds[i] = follow.operUserId();
            addedAt[i] = follow.addedAt() == null ? null : ChronoUnit.MICROS.between(Instant.EPOCH, follow.addedAt());
            // a text[] per row travels as one text holding a JSON array (SQL arrays cannot nest unevenly)
            tagIds[i] = jsonArray(follow.tagIds());
            mobiles[i] = sealedMobiles(tenant, follow);
            i++;
        }
        jdbc.sql("""
                insert into wecom.follow (tenant_id, external_user_id, user_id, remark, description, state, add_way,
                    oper_user_id, added_at, tag_ids, remark_mobiles_sealed, active, removed_at, removed_by, synced_at)
                select :tenant, x.external_user_id, x.user_id, x.remark, x.description, x.state, x.add_way,
                    x.oper_user_id, timestamptz 'epoch' + x.added_us * interval '1 microsecond',
                    array(select jsonb_array_elements_text(cast(x.tag_ids as jsonb))), x.mobiles, true, null, null, :now
                from unnest(cast(:externalUserIds as text[]), cast(:userIds as text[]), cast(:remarks as text[]),
                            cast(:descriptions as text[]), cast(:states as text[]), cast(:addWays as int[]),
                            cast(:operUserIds as text[]), cast(:addedAt as bigint[]), cast(:tagIds as text[]),
                            cast(:mobiles as text[]))
                         as x(external_user_id, user_id, remark, description, state, add_way, oper_user_id, added_us,
                              tag_ids, mobiles)
                """ + FOLLOW_SEEN_AGAIN)
                .param("tenant", tenant.value())
                .param("now", at(now))
                .param("externalUserIds", externalUserIds)
                .param("userIds", userIds)
                .param("remarks", remarks)
                .param("descriptions", descriptions)
                .param("states", states)
                .param("addWays", addWays)
                .param("operUserIds", operUserIds)
                .param("addedAt", addedAt)
                .param("tagIds", tagIds)
                .param("mobiles", mobiles)
                .update();
    }

    /** A relation listed twice: the later listing's values, the earlier's where the later has none. */
    private static Follow later(Follow earlier, Follow later) {
        return new Follow(
                later.userId(),
                later.remark() != null ? later.remark() : earlier.remark(),
                later.description() != null ? later.description() : earlier.description(),
                later.state() != null ? later.state() : earlier.state(),
                later.addWay() != null ? later.addWay() : earlier.addWay(),
                later.operUserId() != null ? later.operUserId() : earlier.operUserId(),
                later.addedAt() != null ? later.addedAt() : earlier.addedAt(),
                later.tagIds(),
                later.remarkMobiles().isEmpty() ? earlier.remarkMobiles() : later.remarkMobiles());
    }

    private static String jsonArray(List<String> values) {
        StringBuilder json = new StringBuilder("[");
        for (String value : values) {
            if (json.length() > 1) {
                json.append(',');
            }
            json.append('"');
            for (char c : value.toCharArray()) {
                switch (c) {
                    case '"' -> json.append("\\\"");
                    case '\\' -> json.append("\\\\");
                    default -> {
                        if (c < 0x20) {
                            json.append(String.format("\\u%04x", (int) c));
                        } else {
                            json.append(c);
                        }
                    }
                }
            }
            json.append('"');
        }
        return json.append(']').toString();
    }

    /** A contact known only from a callback so far: enough to count it, details follow from the API. */
    public void contactSeen(TenantId tenant, String externalUserId, Instant now) {
        jdbc.sql("""
                insert into wecom.contact (tenant_id, external_user_id, name, type, synced_at)
                values (?, ?, '', 1, ?) on conflict (tenant_id, external_user_id) do nothing
                """).params(tenant.value(), externalUserId, at(now)).update();
    }

    public void follow(TenantId tenant, String externalUserId, Follow follow, Instant now) {
        String mobiles = sealedMobiles(tenant, follow);
        jdbc.sql("""
                insert into wecom.follow (tenant_id, external_user_id, user_id, remark, description, state, add_way,
                    oper_user_id, added_at, tag_ids, remark_mobiles_sealed, active, removed_at, removed_by, synced_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, true, null, null, ?)
                """ + FOLLOW_SEEN_AGAIN)
                .params(
                        tenant.value(),
                        externalUserId,
                        follow.userId(),
                        follow.remark(),
                        follow.description(),
                        follow.state(),
                        follow.addWay(),
                        follow.operUserId(),
                        at(follow.addedAt()),
                        follow.tagIds().toArray(String[]::new),
                        mobiles,
                        at(now))
                .update();
    }

    private @Nullable String sealedMobiles(TenantId tenant, Follow follow) {
        return follow.remarkMobiles().isEmpty()
                ? null
                : box.seal(String.join(",", follow.remarkMobiles()), "wecom-mobiles:" + tenant.value());
    }

    public void followEnded(
            TenantId tenant, String externalUserId, String userId, @Nullable String removedBy, Instant now) {
        jdbc.sql("""
                update wecom.follow set active = false, removed_at = ?, removed_by = ?, synced_at = ?
                where tenant_id = ? and external_user_id = ? and user_id = ? and active
                """)
                .params(at(now), removedBy, at(now), tenant.value(), externalUserId, userId)
                .update();
    }

    /** Ends the follow relations a complete listing did not return: deletions whose callbacks were missed. */
    public int followsNotSeenSince(TenantId tenant, Instant runStart, Instant now) {
        return jdbc.sql("""
                update wecom.follow set active = false, removed_at = ?
                where tenant_id = ? and active and synced_at < ?
                """).params(at(now), tenant.value(), at(runStart)).update();
    }

    public void corpTags(TenantId tenant, List<CorpTag> tags, Instant now) {
        for (CorpTag tag : tags) {
            jdbc.sql("""
                    insert into wecom.corp_tag (tenant_id, tag_id, group_id, group_name, name, sort, deleted, synced_at)
                    values (?, ?, ?, ?, ?, ?, ?, ?)
                    on conflict (tenant_id, tag_id) do update set group_id = excluded.group_id,
                        group_name = excluded.group_name, name = excluded.name, sort = excluded.sort,
                        deleted = excluded.deleted, synced_at = excluded.synced_at
                    """)
                    .params(
                            tenant.value(),
                            tag.tagId(),
                            tag.groupId(),
                            tag.groupName(),
                            tag.name(),
                            tag.order(),
                            tag.deleted(),
                            at(now))
                    .update();
        }
        jdbc.sql("update wecom.corp_tag set deleted = true where tenant_id = ? and synced_at < ?")
                .params(tenant.value(), at(now))
                .update();
    }

    /** The group and its current members; members no longer listed are marked as left. */
    public void group(TenantId tenant, Group group, Instant now) {
        jdbc.sql("""
                insert into wecom.group_chat (tenant_id, chat_id, name, owner_user_id, created_at, notice,
                    member_version, status, dismissed_at, synced_at)
                values (?, ?, ?, ?, ?, ?, ?, 0, null, ?)
                on conflict (tenant_id, chat_id) do update set name = excluded.name,
                    owner_user_id = excluded.owner_user_id, created_at = excluded.created_at,
                    notice = excluded.notice, member_version = excluded.member_version, dismissed_at = null,
                    synced_at = excluded.synced_at
                """)
                .params(
                        tenant.value(),
                        group.chatId(),
                        group.name(),
                        group.owner(),
                        at(group.createdAt()),
                        group.notice(),
                        group.memberVersion(),
                        at(now))
                .update();
        jdbc.sql("update wecom.group_chat set admin_user_ids = ? where tenant_id = ? and chat_id = ?")
                .params(group.admins().toArray(String[]::new), tenant.value(), group.chatId())
                .update();
        for (GroupMember member : group.members()) {
            jdbc.sql("""
                    insert into wecom.group_member (tenant_id, chat_id, member_id, member_type, joined_at, join_scene,
                        invitor, state, group_nickname, name, left_at, synced_at)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, null, ?)
                    on conflict (tenant_id, chat_id, member_id) do update set member_type = excluded.member_type,
                        joined_at = excluded.joined_at, join_scene = excluded.join_scene, invitor = excluded.invitor,
                        state = excluded.state, group_nickname = excluded.group_nickname, name = excluded.name,
                        left_at = null, synced_at = excluded.synced_at
                    """)
                    .params(
                            tenant.value(),
                            group.chatId(),
                            member.memberId(),
                            member.type(),
                            at(member.joinedAt()),
                            member.joinScene(),
                            member.invitor(),
                            member.state(),
                            member.groupNickname(),
                            member.name(),
                            at(now))
                    .update();
        }
        jdbc.sql("""
                update wecom.group_member set left_at = ?
                where tenant_id = ? and chat_id = ? and left_at is null and synced_at < ?
                """).params(at(now), tenant.value(), group.chatId(), at(now)).update();
    }

    public void membersLeft(TenantId tenant, String chatId, Collection<String> memberIds, Instant now) {
        for (String memberId : memberIds) {
            jdbc.sql("""
                    update wecom.group_member set left_at = ?, synced_at = ?
                    where tenant_id = ? and chat_id = ? and member_id = ? and left_at is null
                    """)
                    .params(at(now), at(now), tenant.value(), chatId, memberId)
                    .update();
        }
    }

    public void groupDismissed(TenantId tenant, String chatId, Instant now) {
        jdbc.sql("update wecom.group_chat set dismissed_at = ?, synced_at = ? where tenant_id = ? and chat_id = ?")
                .params(at(now), at(now), tenant.value(), chatId)
                .update();
    }

    public int groupsNotSeenSince(TenantId tenant, Instant runStart, Instant now) {
        return jdbc.sql("""
                update wecom.group_chat set dismissed_at = ?
                where tenant_id = ? and dismissed_at is null and synced_at < ?
                """).params(at(now), tenant.value(), at(runStart)).update();
    }

    private static @Nullable OffsetDateTime at(@Nullable Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
