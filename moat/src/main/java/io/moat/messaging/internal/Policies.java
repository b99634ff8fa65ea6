package io.moat.messaging.internal;

import io.moat.shared.TenantId;
import io.moat.shared.database.TransactionScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalTime;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Reads and stores each workspace's {@link MessagingPolicy}; a workspace without a row has the defaults. A transaction
 * reads a workspace's policy once and keeps it until it ends (unless it stores one itself): the schedule checks a batch
 * of hundreds of sends in one transaction, and one policy for the whole batch is both what it should check against and
 * one round trip to the database instead of one per send.
 */
@Component
public class Policies {

    private final JdbcClient jdbc;
    private final Clock clock;
    /** The policies a transaction has read (see {@link #read}). */
    private final TransactionScoped<Map<TenantId, MessagingPolicy>> readInTransaction =
            new TransactionScoped<>(HashMap::new);

    Policies(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public MessagingPolicy of(TenantId tenant) {
        Map<TenantId, MessagingPolicy> read = read();
        return read == null ? load(tenant) : read.computeIfAbsent(tenant, this::load);
    }

    /** The policies the current transaction has read, or null outside a transaction. */
    private @Nullable Map<TenantId, MessagingPolicy> read() {
        return readInTransaction.get();
    }

    private MessagingPolicy load(TenantId tenant) {
        return jdbc.sql("""
                        select quiet_start, quiet_end, daily_cap, weekly_cap, monthly_quota, priority_reserve,
                               extract(epoch from confirm_within)::bigint, extract(epoch from remind_every)::bigint
                        from messaging.policy where tenant_id = ?
                        """)
                .param(tenant.value())
                .query((row, n) -> new MessagingPolicy(
                        row.getObject(1, LocalTime.class),
                        row.getObject(2, LocalTime.class),
                        (Integer) row.getObject(3),
                        (Integer) row.getObject(4),
                        (Integer) row.getObject(5),
                        row.getInt(6),
                        Duration.ofSeconds(row.getLong(7)),
                        Duration.ofSeconds(row.getLong(8))))
                .optional()
                .orElseGet(MessagingPolicy::defaults);
    }

    public void store(TenantId tenant, MessagingPolicy policy) {
        Map<TenantId, MessagingPolicy> read = read();
        if (read != null) {
            read.remove(tenant);
        }
        jdbc.sql("""
                        insert into messaging.policy (tenant_id, quiet_start, quiet_end, daily_cap, weekly_cap,
                            monthly_quota, priority_reserve, confirm_within, remind_every, updated_at)
                        values (:tenant, :qs, :qe, :daily, :weekly, :quota, :reserve,
                            make_interval(secs => :confirm), make_interval(secs => :remind), :now)
                        on conflict (tenant_id) do update set quiet_start = excluded.quiet_start,
                            quiet_end = excluded.quiet_end, daily_cap = excluded.daily_cap,
                            weekly_cap = excluded.weekly_cap, monthly_quota = excluded.monthly_quota,
                            priority_reserve = excluded.priority_reserve, confirm_within = excluded.confirm_within,
                            remind_every = excluded.remind_every, updated_at = excluded.updated_at
                        """)
                .param("tenant", tenant.value())
                .param("qs", policy.quietStart())
                .param("qe", policy.quietEnd())
                .param("daily", policy.dailyCap())
                .param("weekly", policy.weeklyCap())
                .param("quota", policy.monthlyQuota())
                .param("reserve", policy.priorityReserve())
                .param("confirm", (double) policy.confirmWithin().toSeconds())
                .param("remind", (double) policy.remindEvery().toSeconds())
                .param("now", SendLog.utc(clock.instant()))
                .update();
    }
}
