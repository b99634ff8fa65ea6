package io.moat.community.internal;

import io.moat.shared.TenantId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * KOC (atmosphere member) candidates of a group, suggested from activity: customers still in the group with a plain
 * member role who spoke on at least {@link #MIN_DAYS} different days and sent at least {@link #MIN_MESSAGES}
 * messages in the last {@link #WINDOW}, and whom the guard never caught. Staff decide; the reason says why each was
 * proposed.
 */
@Component
@Transactional(readOnly = true)
public class KocCandidates {

    static final Duration WINDOW = Duration.ofDays(30);
    static final int MIN_DAYS = 5;
    static final int MIN_MESSAGES = 10;
    static final int LIMIT = 20;

    private final JdbcClient jdbc;

    KocCandidates(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public record Candidate(
            String memberId, @Nullable String name, long messages, long activeDays, Instant lastSpokeAt) {

        public String reason() {
            return messages + " messages on " + activeDays + " days in the last " + WINDOW.toDays()
                    + " days, never caught by the guard";
        }
    }

    /** The most active first; days are counted in the workspace's zone. */
    public List<Candidate> of(TenantId tenant, String chatId, Instant now, java.time.ZoneId zone) {
        return jdbc.sql("""
                select m.member_id, m.name, count(*) as messages,
                    count(distinct (msg.sent_at at time zone :zone)::date) as days, max(msg.sent_at) as last_spoke
                from community.member m
                join community.message msg on msg.tenant_id = m.tenant_id and msg.chat_id = m.chat_id
                    and msg.sender = m.member_id and msg.sent_at > :since and msg.sent_at <= :now
                where m.tenant_id = :tenant and m.chat_id = :chat and not m.staff and m.left_at is null
                  and m.role = 'member'
                  and not exists (select 1 from community.guard_hit h where h.tenant_id = m.tenant_id
                      and h.chat_id = m.chat_id and h.member_id = m.member_id)
                group by m.member_id, m.name
                having count(*) >= :minMessages
                   and count(distinct (msg.sent_at at time zone :zone)::date) >= :minDays
                order by messages desc, days desc, m.member_id
                limit :limit
                """)
                .param("tenant", tenant.value())
                .param("chat", chatId)
                .param("zone", zone.getId())
                .param("since", GroupRegistry.at(now.minus(WINDOW)))
                .param("now", GroupRegistry.at(now))
                .param("minMessages", MIN_MESSAGES)
                .param("minDays", MIN_DAYS)
                .param("limit", LIMIT)
                .query((rs, row) -> new Candidate(
                        rs.getString("member_id"),
                        rs.getString("name"),
                        rs.getLong("messages"),
                        rs.getLong("days"),
                        rs.getTimestamp("last_spoke").toInstant()))
                .list();
    }
}
