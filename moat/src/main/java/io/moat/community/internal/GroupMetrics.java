package io.moat.community.internal;

import io.moat.shared.TenantId;
import java.sql.Date;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Computes {@link GroupFigures} from the membership log and the message projection, for calendar days of the
 * workspace's time zone. A member is in a group at an instant when their latest join or quit before it is a join.
 */
@Component
@Transactional(readOnly = true)
public class GroupMetrics {

    private static final String FIGURES = """
            with bounds as (
                select cast(:from as date)::timestamp at time zone :zone as period_start,
                       (cast(:to as date) + 1)::timestamp at time zone :zone as period_end
            ),
            groups as (
                select chat_id from community.group_profile
                where tenant_id = :tenant and (cast(:chat as text) is null or chat_id = :chat)
            ),
            state_at_start as (
                select distinct on (e.chat_id, e.member_id) e.chat_id, e.member_id, e.kind
                from community.membership_event e, bounds b
                where e.tenant_id = :tenant and not e.staff and e.at < b.period_start
                order by e.chat_id, e.member_id, e.at desc, e.kind desc
            ),
            state_at_end as (
                select distinct on (e.chat_id, e.member_id) e.chat_id, e.member_id, e.kind
                from community.membership_event e, bounds b
                where e.tenant_id = :tenant and not e.staff and e.at < b.period_end
                order by e.chat_id, e.member_id, e.at desc, e.kind desc
            ),
            changes as (
                select e.chat_id, count(*) filter (where e.kind = 'join') as joins,
                       count(*) filter (where e.kind = 'quit') as quits
                from community.membership_event e, bounds b
                where e.tenant_id = :tenant and not e.staff and e.at >= b.period_start and e.at < b.period_end
                group by e.chat_id
            ),
            talk as (
                select m.chat_id, count(distinct m.sender) as speakers, count(*) as messages
                from community.message m, bounds b
                where m.tenant_id = :tenant and m.sent_at >= b.period_start and m.sent_at < b.period_end
                  and not exists (select 1 from community.member s where s.tenant_id = m.tenant_id
                      and s.chat_id = m.chat_id and s.member_id = m.sender and s.staff)
                group by m.chat_id
            ),
            code_joins as (
                select e.chat_id, count(*) as code_joins
                from community.membership_event e, bounds b
                where e.tenant_id = :tenant and not e.staff and e.kind = 'join'
                  and e.at >= b.period_start and e.at < b.period_end
                  and e.state in (select j.state from community.join_code j where j.tenant_id = :tenant)
                group by e.chat_id
            ),
            scans as (
                select listed.chat_id, count(*) as scans
                from community.join_code j
                join community.join_code_scan s on s.tenant_id = j.tenant_id and s.code_id = j.id
                cross join unnest(j.chat_ids) as listed(chat_id)
                cross join bounds b
                where j.tenant_id = :tenant and s.at >= b.period_start and s.at < b.period_end
                group by listed.chat_id
            ),
            members as (
                select coalesce(s.chat_id, e.chat_id) as chat_id,
                       count(*) filter (where s.kind = 'join') as members_start,
                       count(*) filter (where e.kind = 'join') as members_end,
                       count(*) filter (where s.kind = 'join' and e.kind = 'join') as retained
                from state_at_start s
                full join state_at_end e on e.chat_id = s.chat_id and e.member_id = s.member_id
                group by 1
            )
            select g.chat_id,
                coalesce(mb.members_start, 0) as members_start, coalesce(mb.members_end, 0) as members_end,
                coalesce(c.joins, 0) as joins, coalesce(c.quits, 0) as quits,
                coalesce(t.speakers, 0) as speakers, coalesce(t.messages, 0) as messages,
                coalesce(mb.retained, 0) as retained,
                coalesce(cj.code_joins, 0) as code_joins, coalesce(sc.scans, 0) as scans
            from groups g
            left join members mb on mb.chat_id = g.chat_id
            left join code_joins cj on cj.chat_id = g.chat_id
            left join scans sc on sc.chat_id = g.chat_id
            left join changes c on c.chat_id = g.chat_id
            left join talk t on t.chat_id = g.chat_id
            order by g.chat_id
            """;

    private final JdbcClient jdbc;

    GroupMetrics(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Figures of every group (or one) over the days {@code from} to {@code to}, both included. */
    public List<GroupFigures> period(
            TenantId tenant, @Nullable String chatId, LocalDate from, LocalDate to, ZoneId zone) {
        return jdbc.sql(FIGURES)
                .param("tenant", tenant.value())
                .param("chat", chatId)
                .param("from", Date.valueOf(from))
                .param("to", Date.valueOf(to))
                .param("zone", zone.getId())
                .query((rs, row) -> new GroupFigures(
                        rs.getString("chat_id"),
                        from,
                        to,
                        rs.getLong("members_start"),
                        rs.getLong("members_end"),
                        rs.getLong("joins"),
                        rs.getLong("quits"),
                        rs.getLong("speakers"),
                        rs.getLong("messages"),
                        rs.getLong("retained"),
                        rs.getLong("code_joins"),
                        rs.getLong("scans")))
                .list();
    }

    /** One group's figures day by day. */
    public List<GroupFigures> daily(TenantId tenant, String chatId, LocalDate from, LocalDate to, ZoneId zone) {
        return from.datesUntil(to.plusDays(1))
                .flatMap(day -> period(tenant, chatId, day, day, zone).stream())
                .toList();
    }
}
