/**
 * Durable due work for every module: waits, timers, retries and follow-ups are rows in {@code shared.due_work}, not
 * threads or in-memory timers, so they survive restarts and are shared by any number of Moat instances on one
 * database.
 *
 * <h2>Using it</h2>
 *
 * <ul>
 *   <li>{@link io.moat.shared.schedule.Schedule#schedule} adds a row for the current tenant: a {@code kind} (which
 *       handler runs it), a {@code key} (unique per tenant and kind, so scheduling the same key twice — also after it
 *       ran — is a no-op), a JSON payload and the moment it becomes due. Call it inside your own transaction and the
 *       row commits (or rolls back) with your other writes.
 *   <li>{@link io.moat.shared.schedule.Schedule#scheduleAtCommit} does the same when the caller's transaction commits,
 *       in one statement, sorted by key, with every other row deferred so in that transaction: for keys many
 *       concurrent transactions schedule (a staff member's next batch), which inserted one by one in each
 *       transaction's own order can deadlock.
 *   <li>{@link io.moat.shared.schedule.Schedule#cancel} cancels a row that has not run yet.
 *   <li>A module runs its kind by declaring a bean implementing {@link io.moat.shared.schedule.DueWorkHandler}. The
 *       handler is called <em>inside the transaction that completes the row</em>, with the row's tenant set in the
 *       {@link io.moat.shared.context.CallContext} and in PostgreSQL, so everything it writes — its effects, the next
 *       rows it schedules, the events it publishes (the event publication registry) — commits atomically with the
 *       row's completion, or not at all. It returns an {@link io.moat.shared.schedule.Outcome}: done, or run me again
 *       at a later moment (polling, reminders).
 * </ul>
 *
 * <h2>How it runs</h2>
 *
 * A worker claims a batch of due rows with {@code FOR UPDATE SKIP LOCKED} in a short transaction that stamps a lease
 * (owner and expiry) and increments the row's fencing token. It then runs the handlers in a second transaction that
 * first re-locks the claimed rows and keeps only those whose token and owner are still its own: if this worker
 * stalled past its lease and another worker re-claimed a row, the stale worker's work for that row is not committed.
 * A crashed instance's claims are re-taken once their lease expires. Attempts are counted at claim time; a handler
 * that throws is retried with exponential backoff and, after {@link io.moat.shared.schedule.DueWorkHandler#maxAttempts},
 * the row ends in state {@code failed} with the last error. Finished rows are kept for a retention period (so keys
 * stay idempotent) and then purged. Settings: {@code moat.schedule.*} ({@link
 * io.moat.shared.schedule.ScheduleProperties}); the number of workers defaults to two per processor (2 to 8).
 *
 * <p>Batches are taken in due order, with one exception for backlogs: rows that fell due within the fresh window
 * ({@code moat.schedule.fresh-window}, 10 s) go first in three batches of four, and overdue rows first in the fourth.
 * After an outage or behind a broadcast of a million rows, the work falling due now still runs on time while the
 * backlog is worked off oldest first with the rest, never with less than a quarter of the batches.
 *
 * <h2>The taken mode</h2>
 *
 * Work whose effects are all writes to this database (journey wakes; {@link
 * io.moat.shared.schedule.DueWorkHandler#effectsOnlyInDatabase}) skips the lease: one transaction deletes a batch of
 * due rows ({@code FOR UPDATE SKIP LOCKED}), runs the handlers, keeps the finished keys in {@code
 * shared.due_work_done} and commits. Another worker skips the locked rows, so nothing runs twice; a crash rolls the
 * delete back with the effects, and the rows are due again at once. Scheduling a key that is kept there is a no-op, as
 * for a {@code done} row. A failing handler rolls its batch back; the rows then run one per transaction, and a failure
 * is recorded on the row (attempts, backoff, {@code failed} at the end) as in the leased mode. Work that calls WeCom
 * keeps the leased mode, since a rollback cannot take back a call WeCom already served.
 *
 * <p>Tables: {@code shared.due_work} and {@code shared.due_work_done} (tenant-scoped by row-level security; workers use the {@code moat.schedule} scope
 * to see every tenant's rows).
 */
@NullMarked
package io.moat.shared.schedule;

import org.jspecify.annotations.NullMarked;
