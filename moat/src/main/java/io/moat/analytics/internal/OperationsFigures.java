package io.moat.analytics.internal;

import io.moat.shared.TenantId;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The overview's operations figures (docs/metrics.md, "Overview: operations"): sends by final state and reason over
 * a period of workspace days, and the staff tasks waiting now.
 */
@Component
@Transactional(readOnly = true)
public class OperationsFigures {

    /** Sends settled in the period, by final state, with the reasons of the skipped and failed ones. */
    public record Sends(
            long sent,
            long skipped,
            long failed,
            Map<String, Long> skippedByReason,
            Map<String, Long> failedByReason) {}

    /** Staff tasks open now, and those of them past their due time. */
    public record Tasks(long waiting, long overdue) {}

    public record Figures(LocalDate from, LocalDate to, Sends sends, Tasks tasks) {}

    private final JdbcClient jdbc;
    private final Clock clock;

    OperationsFigures(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** From the start of {@code from} up to (not including) the start of {@code to}, in the workspace's zone. */
    public Figures of(TenantId tenant, ZoneId zone, LocalDate from, LocalDate to) {
        var start = from.atStartOfDay(zone).toOffsetDateTime();
        var end = to.atStartOfDay(zone).toOffsetDateTime();
        long[] byState = new long[3];
        Map<String, Long> skipped = new TreeMap<>();
        Map<String, Long> failed = new TreeMap<>();
        jdbc.sql("""
                        select state, reason, count(*) from analytics.send_outcome
                        where tenant_id = ? and settled_at >= ? and settled_at < ?
                        group by state, reason
                        """).params(tenant.value(), start, end).query(row -> {
            String state = row.getString(1);
            String reason = row.getString(2);
            long n = row.getLong(3);
            switch (state) {
                case "sent" -> byState[0] += n;
                case "skipped" -> {
                    byState[1] += n;
                    skipped.merge(reason == null ? "unknown" : reason, n, Long::sum);
                }
                default -> {
                    byState[2] += n;
                    failed.merge(reason == null ? "unknown" : reason, n, Long::sum);
                }
            }
        });
        Tasks tasks = jdbc.sql("""
                        select count(*), count(*) filter (where due_at < ?) from analytics.staff_task
                        where tenant_id = ? and closed_at is null and assigned_at is not null
                        """)
                .params(clock.instant().atOffset(ZoneOffset.UTC), tenant.value())
                .query((row, n) -> new Tasks(row.getLong(1), row.getLong(2)))
                .single();
        return new Figures(from, to, new Sends(byState[0], byState[1], byState[2], skipped, failed), tasks);
    }
}
