package io.moat.shared.schedule;

import io.moat.shared.TenantId;
import io.moat.shared.context.CallContext;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Schedules and cancels due work for the current tenant. Every method joins the caller's transaction when there is
 * one, so a row commits with the caller's other writes; see the package documentation.
 */
@Component
public class Schedule {

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final Clock clock;

    Schedule(JdbcClient jdbc, PlatformTransactionManager transactions, Clock clock) {
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    /**
     * Adds a row of {@code kind} due at {@code dueAt} unless the tenant already has one with this kind and key (in
     * any state): scheduling is idempotent on the key.
     *
     * @param payloadJson a JSON value handed back to the handler
     * @return whether a row was added
     */
    public boolean schedule(String kind, String key, Instant dueAt, String payloadJson) {
        TenantId tenant = tenant();
        Boolean added = transactions.execute(status -> {
            int inserted = jdbc.sql("""
                            insert into shared.due_work (tenant_id, kind, key, payload, due_at, created_at)
                            values (:tenant, :kind, :key, cast(:payload as jsonb), :due, :now)
                            on conflict (tenant_id, kind, key) do nothing
                            """)
                    .param("tenant", tenant.value())
                    .param("kind", kind)
                    .param("key", key)
                    .param("payload", payloadJson)
                    .param("due", utc(dueAt))
                    .param("now", utc(clock.instant()))
                    .update();
            if (inserted == 0) {
                return false;
            }
            // A row of the taken mode leaves the table when it runs and its key goes to due_work_done in the same
            // transaction. This check is a statement of its own on purpose: if that run was in flight, the insert
            // above waited for it on the key's unique index, and only a new statement sees what it committed.
            int ran = jdbc.sql("""
                            delete from shared.due_work
                            where tenant_id = :tenant and kind = :kind and key = :key
                              and exists (select 1 from shared.due_work_done
                                          where tenant_id = :tenant and kind = :kind and key = :key)
                            """)
                    .param("tenant", tenant.value())
                    .param("kind", kind)
                    .param("key", key)
                    .update();
            return ran == 0;
        });
        return Boolean.TRUE.equals(added);
    }

    /** {@link #schedule(String, String, Instant, String)} with an empty payload. */
    public boolean schedule(String kind, String key, Instant dueAt) {
        return schedule(kind, key, dueAt, "{}");
    }

    /**
     * Cancels the row if it has not finished. A worker running it right now holds its lock, so this waits for that
     * run and then finds it finished.
     *
     * @return whether a waiting row was cancelled
     */
    public boolean cancel(String kind, String key) {
        TenantId tenant = tenant();
        Integer cancelled = transactions.execute(status -> jdbc.sql("""
                        update shared.due_work set state = 'cancelled', finished_at = :now,
                            lease_owner = null, lease_until = null
                        where tenant_id = :tenant and kind = :kind and key = :key and state = 'due'
                        """)
                .param("tenant", tenant.value())
                .param("kind", kind)
                .param("key", key)
                .param("now", utc(clock.instant()))
                .update());
        return cancelled != null && cancelled == 1;
    }

    /** The row with this kind and key, while it is kept (a taken row that finished: while its key is kept). */
    public Optional<ScheduledWork> find(String kind, String key) {
        TenantId tenant = tenant();
        return transactions.execute(status -> jdbc.sql("""
                        select kind, key, state, due_at, attempts, last_error, finished_at
                        from shared.due_work where tenant_id = :tenant and kind = :kind and key = :key
                        union all
                        select kind, key, 'done', due_at, attempts, null, finished_at
                        from shared.due_work_done where tenant_id = :tenant and kind = :kind and key = :key
                        limit 1
                        """)
                .param("tenant", tenant.value())
                .param("kind", kind)
                .param("key", key)
                .query((row, n) -> new ScheduledWork(
                        row.getString(1),
                        row.getString(2),
                        ScheduledWork.State.valueOf(row.getString(3).toUpperCase(Locale.ROOT)),
                        row.getObject(4, OffsetDateTime.class).toInstant(),
                        row.getInt(5),
                        row.getString(6),
                        instant(row.getObject(7, OffsetDateTime.class))))
                .optional());
    }

    private static TenantId tenant() {
        return CallContext.currentTenant()
                .orElseThrow(() -> new IllegalStateException("due work is scheduled for a tenant; none is set"));
    }

    static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static @Nullable Instant instant(@Nullable OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
