package io.moat.shared.schedule;

import static io.moat.shared.schedule.Schedule.utc;

import io.moat.shared.TenantId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The SQL of claiming, holding and finishing rows of due work. Callers run it in the schedule scope. */
@Component
class DueWorkClaims {

    private final JdbcClient jdbc;

    DueWorkClaims(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Lets this transaction see every tenant's rows of due work (the workers' scope). */
    void enterScheduleScope() {
        jdbc.sql("select set_config('moat.schedule', 'on', true)").query().singleValue();
    }

    /** Sets the tenant the following statements of this transaction run for (row-level security). */
    void enterTenant(TenantId tenant) {
        jdbc.sql("select set_config('moat.tenant_id', ?, true)")
                .param(tenant.toString())
                .query()
                .singleValue();
    }

    /**
     * The rows a batch of {@code :kind} takes (as the CTE {@code batch}), skipping rows other workers hold: rows nobody
     * leased, or whose lease ran out. Rows due after {@code :stale} are fresh, the others overdue; each part is taken in
     * due order, and the batch is filled from the part named first ({@code %1$s}), then from the other. The parts are
     * evaluated lazily, so the second locks only the rows it adds. Both modes claim with it ({@link #claim}, {@link
     * #take}).
     */
    private static final String DUE_BATCH = """
            with fresh as materialized (
                select tenant_id, id from shared.due_work
                where state = 'due' and due_at > :stale and due_at <= :now
                  and (lease_until is null or lease_until <= :now)
                  and kind = :kind
                order by due_at, id
                limit :limit
                for update skip locked),
            overdue as materialized (
                select tenant_id, id from shared.due_work
                where state = 'due' and due_at <= :stale
                  and (lease_until is null or lease_until <= :now)
                  and kind = :kind
                order by due_at, id
                limit :limit
                for update skip locked),
            batch as (select tenant_id, id from %1$s union all select tenant_id, id from %2$s limit :limit)
            """;

    /** Which part of the due rows a batch is filled from first (see {@link #DUE_BATCH}). */
    enum First {
        FRESH,
        OVERDUE;

        String batch() {
            return DUE_BATCH.formatted(this == FRESH ? "fresh" : "overdue", this == FRESH ? "overdue" : "fresh");
        }
    }

    /** What a claim answers, as {@link #work} reads it; the attempt count is this claim's (the leased mode counts it in its update, the taken mode here). */
    private static final String CLAIMED = "d.tenant_id, d.id, d.kind, d.key, d.payload::text, d.due_at, %s, d.fence";

    /**
     * Leases up to {@code limit} due rows of {@code kind} to {@code owner}: rows nobody holds, or whose lease has
     * run out. Each claim counts as an attempt and gets a new fencing token.
     */
    List<DueWork> claim(
            String owner, String kind, int limit, Instant now, Instant stale, First first, Instant leaseUntil) {
        preferIndexOrder();
        return jdbc.sql("""
                        %s
                        update shared.due_work d
                        set lease_owner = :owner, lease_until = :until, fence = d.fence + 1, attempts = d.attempts + 1
                        from batch c
                        where d.tenant_id = c.tenant_id and d.id = c.id
                        returning %s
                        """.formatted(first.batch(), CLAIMED.formatted("d.attempts")))
                .param("owner", owner)
                .param("until", utc(leaseUntil))
                .param("now", utc(now))
                .param("stale", utc(stale))
                .param("kind", kind)
                .param("limit", limit)
                .query((row, n) -> work(row, now))
                .list();
    }

    /**
     * The taken mode's claim ({@link DueWorkHandler#effectsOnlyInDatabase}): deletes up to {@code limit} due rows of
     * {@code kind} in the caller's transaction and answers them, each counting this run as an attempt. Until that
     * transaction ends the rows are locked, so other workers skip them; if it rolls back they are due again as they
     * were. A row someone leased (a kind that changed mode) is left alone until its lease runs out.
     */
    List<DueWork> take(String kind, int limit, Instant now, Instant stale, First first) {
        preferIndexOrder();
        return jdbc.sql("""
                        %s
                        delete from shared.due_work d
                        using batch c
                        where d.tenant_id = c.tenant_id and d.id = c.id
                        returning %s
                        """.formatted(first.batch(), CLAIMED.formatted("d.attempts + 1")))
                .param("now", utc(now))
                .param("stale", utc(stale))
                .param("kind", kind)
                .param("limit", limit)
                .query((row, n) -> work(row, now))
                .list();
    }

    /**
     * Row-level security adds the tenant policy to a claim's WHERE, and the planner, unable to estimate it, believes
     * only a few hundred rows match: it then reads the whole table and sorts it (FOR UPDATE keeps the sort from
     * stopping at the limit) instead of walking the claim index in due order, 50–400 ms a claim at 100k rows against
     * about 1 ms (B4, profile=true). Sorting is disfavoured for this transaction only.
     */
    private void preferIndexOrder() {
        jdbc.sql("select set_config('enable_sort', 'off', true)").query().singleValue();
    }

    /** {@link #take} for one row that was part of a batch that failed; empty if another worker has it now. */
    List<DueWork> takeOne(DueWork work, Instant now) {
        return jdbc.sql("""
                        delete from shared.due_work d
                        using (select tenant_id, id from shared.due_work
                               where tenant_id = :tenant and id = :id and state = 'due'
                               for update skip locked) c
                        where d.tenant_id = c.tenant_id and d.id = c.id
                        returning %s
                        """.formatted(CLAIMED.formatted("d.attempts + 1")))
                .param("tenant", work.tenant().value())
                .param("id", work.id())
                .query((row, n) -> work(row, now))
                .list();
    }

    private static DueWork work(ResultSet row, Instant now) throws SQLException {
        return new DueWork(
                new TenantId(row.getLong(1)),
                row.getLong(2),
                row.getString(3),
                row.getString(4),
                row.getString(5),
                row.getObject(6, OffsetDateTime.class).toInstant(),
                row.getInt(7),
                row.getLong(8),
                now);
    }

    /** Keeps the keys of taken rows that finished, so scheduling them again stays a no-op (one insert per batch). */
    void remember(List<DueWork> done, Instant now) {
        if (done.isEmpty()) {
            return;
        }
        jdbc.sql("""
                        insert into shared.due_work_done (tenant_id, kind, key, due_at, attempts, finished_at)
                        select tenant_id, kind, key, due_at, attempts, :now
                        from unnest(cast(:tenants as bigint[]), cast(:kinds as text[]), cast(:keys as text[]),
                                    cast(cast(:dues as text[]) as timestamptz[]), cast(:attempts as int[]))
                            as c(tenant_id, kind, key, due_at, attempts)
                        """)
                .param("tenants", done.stream().map(w -> w.tenant().value()).toArray(Long[]::new))
                .param("kinds", done.stream().map(DueWork::kind).toArray(String[]::new))
                .param("keys", done.stream().map(DueWork::key).toArray(String[]::new))
                .param("dues", done.stream().map(w -> w.dueAt().toString()).toArray(String[]::new))
                .param("attempts", done.stream().map(DueWork::attempts).toArray(Integer[]::new))
                .param("now", utc(now))
                .update();
    }

    /** A taken row whose handler asked to run again later: it goes back as a new row with the same key. */
    void putBack(DueWork work, Instant at, @Nullable String payload) {
        jdbc.sql("""
                        insert into shared.due_work (tenant_id, kind, key, payload, due_at, created_at)
                        values (:tenant, :kind, :key, cast(:payload as jsonb), :at, :now)
                        """)
                .param("tenant", work.tenant().value())
                .param("kind", work.kind())
                .param("key", work.key())
                .param("payload", payload == null ? work.payload() : payload)
                .param("at", utc(at))
                .param("now", utc(work.now()))
                .update();
    }

    /**
     * What a failed attempt leaves on its row in either mode: it waits until {@code :retryAt} or, out of attempts
     * ({@code :giveUp}), ends as failed; the error is kept.
     */
    private static final String FAILED_ATTEMPT = """
            state = case when :giveUp then 'failed' else 'due' end,
            due_at = case when :giveUp then due_at else :retryAt end,
            finished_at = case when :giveUp then :now end,
            last_error = :error""";

    /**
     * Records a failed run of a taken row, after its transaction rolled back and the row was due again: it waits
     * until {@code retryAt} or, out of attempts, ends as failed. Nothing happens if another worker has run it since.
     */
    void recordTakenFailure(DueWork work, boolean giveUp, Instant retryAt, String error, Instant now) {
        failedAttempt("""
                        update shared.due_work set %s, attempts = :attempts
                        where tenant_id = :tenant and id = :id and state = 'due'
                        """, work, giveUp, retryAt, error, now)
                .param("attempts", work.attempts())
                .update();
    }

    /**
     * Locks the claimed rows that are still this owner's claim (same fencing token, still due) until the transaction
     * ends, and answers their ids. A row missing from the answer was re-claimed by someone else or cancelled.
     */
    Set<Long> hold(String owner, List<DueWork> claimed) {
        Long[] tenants = claimed.stream().map(w -> w.tenant().value()).toArray(Long[]::new);
        Long[] ids = claimed.stream().map(DueWork::id).toArray(Long[]::new);
        Long[] fences = claimed.stream().map(DueWork::fence).toArray(Long[]::new);
        return new HashSet<>(jdbc.sql("""
                        select d.id from shared.due_work d
                        join unnest(cast(:tenants as bigint[]), cast(:ids as bigint[]), cast(:fences as bigint[]))
                            as c(tenant_id, id, fence)
                          on d.tenant_id = c.tenant_id and d.id = c.id and d.fence = c.fence
                        where d.state = 'due' and d.lease_owner = :owner
                        for update of d
                        """)
                .param("tenants", tenants)
                .param("ids", ids)
                .param("fences", fences)
                .param("owner", owner)
                .query(Long.class)
                .list());
    }

    void finish(List<DueWork> done, Instant now) {
        if (done.isEmpty()) {
            return;
        }
        jdbc.sql("""
                        update shared.due_work d
                        set state = 'done', finished_at = :now, lease_owner = null, lease_until = null
                        from unnest(cast(:tenants as bigint[]), cast(:ids as bigint[])) as c(tenant_id, id)
                        where d.tenant_id = c.tenant_id and d.id = c.id
                        """)
                .param("tenants", done.stream().map(w -> w.tenant().value()).toArray(Long[]::new))
                .param("ids", done.stream().map(DueWork::id).toArray(Long[]::new))
                .param("now", utc(now))
                .update();
    }

    void postpone(DueWork work, Instant at, @Nullable String payload) {
        jdbc.sql("""
                        update shared.due_work
                        set due_at = :at, payload = coalesce(cast(:payload as jsonb), payload), attempts = 0,
                            lease_owner = null, lease_until = null
                        where tenant_id = :tenant and id = :id
                        """)
                .param("at", utc(at))
                .param("payload", payload)
                .param("tenant", work.tenant().value())
                .param("id", work.id())
                .update();
    }

    /**
     * Records a failed attempt if the claim is still this owner's: the row waits until {@code retryAt}, or, out of
     * attempts, ends as failed.
     */
    void recordFailure(String owner, DueWork work, boolean giveUp, Instant retryAt, String error, Instant now) {
        failedAttempt("""
                        update shared.due_work set %s, lease_owner = null, lease_until = null
                        where tenant_id = :tenant and id = :id and fence = :fence and lease_owner = :owner
                          and state = 'due'
                        """, work, giveUp, retryAt, error, now)
                .param("fence", work.fence())
                .param("owner", owner)
                .update();
    }

    private JdbcClient.StatementSpec failedAttempt(
            String update, DueWork work, boolean giveUp, Instant retryAt, String error, Instant now) {
        return jdbc.sql(update.formatted(FAILED_ATTEMPT))
                .param("giveUp", giveUp)
                .param("retryAt", utc(retryAt))
                .param("now", utc(now))
                .param("error", error)
                .param("tenant", work.tenant().value())
                .param("id", work.id());
    }

    /** Deletes up to {@code limit} rows, and up to {@code limit} kept keys, that finished before {@code cutoff}. */
    int purge(Instant cutoff, int limit) {
        int rows =
                jdbc.sql("""
                        delete from shared.due_work
                        where (tenant_id, id) in (select tenant_id, id from shared.due_work
                                                  where state <> 'due' and finished_at < :cutoff limit :limit)
                        """).param("cutoff", utc(cutoff)).param("limit", limit).update();
        int keys =
                jdbc.sql("""
                        delete from shared.due_work_done
                        where (tenant_id, kind, key) in (select tenant_id, kind, key from shared.due_work_done
                                                         where finished_at < :cutoff limit :limit)
                        """).param("cutoff", utc(cutoff)).param("limit", limit).update();
        return rows + keys;
    }
}
