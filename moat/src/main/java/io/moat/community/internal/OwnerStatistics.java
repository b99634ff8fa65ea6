package io.moat.community.internal;

import io.moat.shared.TenantId;
import io.moat.wecom.WecomGroupStatistics;
import io.moat.wecom.WecomGroupStatistics.OwnerDay;
import java.sql.Date;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The statistics fallback: where no message archive is licensed, Moat cannot see who spoke in which group, but
 * WeCom counts it per group owner and day (groupchat/statistic). Each finished Beijing day is pulled for the owners
 * of the registry's live groups and kept, as WeCom keeps it only for a while. Per-group speakers and messages then
 * stay empty; the owner figures stand in for them (docs/metrics.md, "Community").
 */
@Component
@Transactional
public class OwnerStatistics {

    static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");

    private final JdbcClient jdbc;
    private final WecomGroupStatistics wecom;
    private final Clock clock;

    OwnerStatistics(JdbcClient jdbc, WecomGroupStatistics wecom, Clock clock) {
        this.jdbc = jdbc;
        this.wecom = wecom;
        this.clock = clock;
    }

    /** Where the workspace's group message figures come from. */
    public enum Source {
        ARCHIVE,
        STATISTIC
    }

    /** One owner's day with the rates derived from WeCom's counts. */
    public record Row(OwnerDay figures) {
        /** members who spoke / members (WeCom's member_has_msg / member_total). */
        public @Nullable Double interactionRate() {
            return GroupFigures.ratio(figures.membersWhoSpoke(), figures.members());
        }

        /** messages / members (msg_total / member_total). */
        public @Nullable Double messagesPerMember() {
            return GroupFigures.ratio(figures.messages(), figures.members());
        }
    }

    @Transactional(readOnly = true)
    public Source source(TenantId tenant) {
        return wecom.archiveAvailable(tenant) ? Source.ARCHIVE : Source.STATISTIC;
    }

    /** The last finished Beijing day: WeCom's figures for today are not final. */
    public LocalDate lastFinishedDay() {
        return LocalDate.now(clock.withZone(BEIJING)).minusDays(1);
    }

    /** Pulls one finished day for every owner of a live group; pulling a day again replaces it. */
    public int pull(TenantId tenant, LocalDate day) {
        List<String> owners =
                jdbc.sql("""
                select distinct owner from community.group_profile
                where tenant_id = ? and owner is not null and dismissed_at is null order by owner
                """).param(tenant.value()).query(String.class).list();
        if (owners.isEmpty()) {
            return 0;
        }
        var figures = wecom.day(tenant, day, owners);
        for (OwnerDay f : figures) {
            jdbc.sql("""
                    insert into community.owner_day_stat (tenant_id, owner, day, new_chats, chats,
                        chats_with_messages, new_members, members, members_who_spoke, messages, pulled_at)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    on conflict (tenant_id, owner, day) do update set new_chats = excluded.new_chats,
                        chats = excluded.chats, chats_with_messages = excluded.chats_with_messages,
                        new_members = excluded.new_members, members = excluded.members,
                        members_who_spoke = excluded.members_who_spoke, messages = excluded.messages,
                        pulled_at = excluded.pulled_at
                    """)
                    .params(
                            tenant.value(),
                            f.owner(),
                            Date.valueOf(f.day()),
                            f.newChats(),
                            f.chats(),
                            f.chatsWithMessages(),
                            f.newMembers(),
                            f.members(),
                            f.membersWhoSpoke(),
                            f.messages(),
                            GroupRegistry.at(clock.instant()))
                    .update();
        }
        return figures.size();
    }

    @Transactional(readOnly = true)
    public List<Row> rows(TenantId tenant, LocalDate from, LocalDate to) {
        return jdbc.sql("""
                select owner, day, new_chats, chats, chats_with_messages, new_members, members, members_who_spoke,
                    messages
                from community.owner_day_stat where tenant_id = ? and day between ? and ? order by day, owner
                """)
                .params(tenant.value(), Date.valueOf(from), Date.valueOf(to))
                .query((rs, n) -> new Row(new OwnerDay(
                        rs.getString("owner"),
                        rs.getDate("day").toLocalDate(),
                        rs.getLong("new_chats"),
                        rs.getLong("chats"),
                        rs.getLong("chats_with_messages"),
                        rs.getLong("new_members"),
                        rs.getLong("members"),
                        rs.getLong("members_who_spoke"),
                        rs.getLong("messages"))))
                .list();
    }
}
