package io.moat.community.internal;

import io.moat.community.policy.Streak;
import io.moat.shared.TenantId;
import java.sql.Date;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * A group's check-in board for one day: who checked in that day, every member's streak and total, the check-in
 * rate (docs/metrics.md, "Check-in rate"), and the rewards streaks earned. Call in the workspace's scope.
 */
@Component
@Transactional(readOnly = true)
public class CheckInBoard {

    private final JdbcClient jdbc;
    private final GroupDirectory directory;
    private final CheckIns checkIns;
    private final GroupMetrics metrics;

    CheckInBoard(JdbcClient jdbc, GroupDirectory directory, CheckIns checkIns, GroupMetrics metrics) {
        this.jdbc = jdbc;
        this.directory = directory;
        this.checkIns = checkIns;
        this.metrics = metrics;
    }

    /** One member on the board: the streak alive on the day, all check-ins so far, and that day's, if any. */
    public record Entry(
            String memberId,
            @Nullable String name,
            int streak,
            long total,
            LocalDate lastDay,
            @Nullable Instant checkedInAt) {}

    public record Board(
            String chatId,
            LocalDate day,
            long members,
            long checkedIn,
            @Nullable Double rate,
            List<Entry> today,
            List<Entry> top,
            List<CheckIns.Reward> rewards) {}

    /** The board as of {@code day}; check-ins after it are not counted. {@code top} is the best {@code limit}. */
    public Board of(TenantId tenant, String chatId, LocalDate day, ZoneId zone, int limit) {
        directory.group(tenant, chatId);
        List<Entry> entries = jdbc.sql("""
                select c.member_id, max(m.name) as name, count(*) as total, max(c.day) as last_day,
                    (array_agg(c.streak order by c.day desc))[1] as last_streak,
                    max(c.at) filter (where c.day = ?) as today_at
                from community.check_in c
                left join community.member m on m.tenant_id = c.tenant_id and m.chat_id = c.chat_id
                    and m.member_id = c.member_id
                where c.tenant_id = ? and c.chat_id = ? and c.day <= ?
                group by c.member_id
                """)
                .params(Date.valueOf(day), tenant.value(), chatId, Date.valueOf(day))
                .query((rs, row) -> {
                    LocalDate last = rs.getDate("last_day").toLocalDate();
                    var at = rs.getTimestamp("today_at");
                    return new Entry(
                            rs.getString("member_id"),
                            rs.getString("name"),
                            new Streak(last, rs.getInt("last_streak")).lengthOn(day),
                            rs.getLong("total"),
                            last,
                            at == null ? null : at.toInstant());
                })
                .list();
        // the group's members at the end of the day, as the group metrics count them
        long members = metrics.period(tenant, chatId, day, day, zone).stream()
                .findFirst()
                .map(GroupFigures::membersAtEnd)
                .orElse(0L);
        List<Entry> today = entries.stream()
                .filter(e -> e.checkedInAt() != null)
                .sorted(Comparator.comparing(Entry::checkedInAt))
                .toList();
        List<Entry> top = entries.stream()
                .sorted(Comparator.comparingInt(Entry::streak)
                        .thenComparingLong(Entry::total)
                        .reversed()
                        .thenComparing(Entry::memberId))
                .limit(limit)
                .toList();
        return new Board(
                chatId,
                day,
                members,
                today.size(),
                members == 0 ? null : (double) today.size() / members,
                today,
                top,
                checkIns.rewards(tenant, chatId, null));
    }
}
