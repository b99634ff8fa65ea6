package io.moat.shared.schedule;

import io.moat.shared.TenantId;
import io.moat.shared.context.CallContext;
import io.moat.shared.database.CommitPhase;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Schedules and cancels due work for the current tenant. Every method joins the caller's transaction when there is
 * one, so a row commits with the caller's other writes; see the package documentation.
 */
@Component
public class Schedule {

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final TransactionTemplate ownTransactions;
    private final Clock clock;

    Schedule(JdbcClient jdbc, PlatformTransactionManager transactions, Clock clock) {
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactions);
        this.ownTransactions = new TransactionTemplate(transactions);
        this.ownTransactions.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
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
        Integer added =
                transactions.execute(status -> insert(List.of(new Row(tenant.value(), kind, key, dueAt, payloadJson))));
        return added != null && added == 1;
    }

    /**
     * {@link #schedule(String, String, Instant, String)}, but the row is added just before the caller's transaction
     * commits, in one statement with every other row deferred this way in that transaction, in key order. For keys
     * that many concurrent transactions schedule (a staff member's next batch, expected by every send checked for
     * them): a transaction that inserts such keys one by one, in the order its work came, holds the first key's index
     * entry while it waits for the second, and two transactions meeting the same keys in opposite orders deadlock.
     * Inserted in one order by everyone, the later one just waits. Scheduling a key twice in one transaction keeps the
     * first. Without a transaction (or outside Spring's transaction synchronization) the row is scheduled at once.
     * Called while the transaction commits (from another synchronization's {@code beforeCommit} or {@code
     * beforeCompletion}) the row is added at once and commits with it; called once the transaction has ended (its
     * {@code afterCommit} or {@code afterCompletion}), it is scheduled at once in a transaction of its own, as without
     * one.
     */
    public void scheduleAtCommit(String kind, String key, Instant dueAt, String payloadJson) {
        TenantId tenant = tenant();
        Row row = new Row(tenant.value(), kind, key, dueAt, payloadJson);
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            // No transaction, or the afterCompletion of one: Spring clears the synchronizations before it calls those,
            // while the ended transaction is still bound to the thread, and joining it would write into a transaction
            // nobody commits any more. A transaction of its own is right in both cases.
            ownTransactions.executeWithoutResult(status -> insert(List.of(row)));
            return;
        }
        if (CommitPhase.ended()) {
            // the caller's transaction is over, but its connection is still bound: joining it would write into a
            // transaction nobody commits any more
            ownTransactions.executeWithoutResult(status -> insert(List.of(row)));
            return;
        }
        // Synchronizations belong to one transaction (an inner REQUIRES_NEW one gets its own list), so the rows are
        // kept in ours rather than in a resource bound to the thread, which an inner transaction would share.
        Deferred deferred = TransactionSynchronizationManager.getSynchronizations().stream()
                .filter(s -> s instanceof Deferred d && d.owner == this)
                .map(Deferred.class::cast)
                .findFirst()
                .orElse(null);
        if (deferred == null ? CommitPhase.committing() : deferred.flushed) {
            // The commit is under way and our rows are in (or there were none): a synchronization registered now
            // would not be called, but an insert still commits with the transaction. Rows deferred earlier and not
            // yet flushed are flushed later in this same commit, so a row joins them instead.
            insert(List.of(row));
            return;
        }
        if (deferred == null) {
            deferred = new Deferred(this);
            TransactionSynchronizationManager.registerSynchronization(deferred);
        }
        deferred.rows.putIfAbsent(new Key(row.tenant(), kind, key), row);
    }

    /** A row to insert. */
    private record Row(long tenant, String kind, String key, Instant dueAt, String payload) {}

    /** A row's unique key, ordered by tenant, kind and key (any order works, as long as every transaction uses it). */
    private record Key(long tenant, String kind, String key) implements Comparable<Key> {
        private static final Comparator<Key> ORDER =
                Comparator.comparingLong(Key::tenant).thenComparing(Key::kind).thenComparing(Key::key);

        @Override
        public int compareTo(Key other) {
            return ORDER.compare(this, other);
        }
    }

    /** The rows a transaction deferred to its commit, in key order. */
    private static final class Deferred implements TransactionSynchronization {
        private final Schedule owner;
        private final Map<Key, Row> rows = new TreeMap<>();
        private boolean flushed;

        Deferred(Schedule owner) {
            this.owner = owner;
        }

        @Override
        public void beforeCommit(boolean readOnly) {
            flushed = true;
            owner.insert(List.copyOf(rows.values()));
        }
    }

    /**
     * Inserts the rows whose keys are new (in the order given, one statement) and answers how many it added. The
     * caller's transaction must allow the rows' tenants: its own tenant, or the workers' schedule scope.
     */
    private int insert(List<Row> rows) {
        if (rows.isEmpty()) {
            return 0;
        }
        Long[] tenants = rows.stream().map(Row::tenant).toArray(Long[]::new);
        String[] kinds = rows.stream().map(Row::kind).toArray(String[]::new);
        String[] keys = rows.stream().map(Row::key).toArray(String[]::new);
        // ordinality keeps the caller's order: rows are inserted (and their index entries locked) one after another
        List<List<String>> added = jdbc.sql("""
                        insert into shared.due_work (tenant_id, kind, key, payload, due_at, created_at)
                        select tenant_id, kind, key, cast(payload as jsonb), cast(due as timestamptz), :now
                        from unnest(cast(:tenants as bigint[]), cast(:kinds as text[]), cast(:keys as text[]),
                                    cast(:payloads as text[]), cast(:dues as text[]))
                            with ordinality as r(tenant_id, kind, key, payload, due, n)
                        order by n
                        on conflict (tenant_id, kind, key) do nothing
                        returning tenant_id, kind, key
                        """)
                .param("tenants", tenants)
                .param("kinds", kinds)
                .param("keys", keys)
                .param("payloads", rows.stream().map(Row::payload).toArray(String[]::new))
                .param("dues", rows.stream().map(r -> r.dueAt().toString()).toArray(String[]::new))
                .param("now", utc(clock.instant()))
                .query((row, n) -> List.of(row.getString(1), row.getString(2), row.getString(3)))
                .list();
        if (added.isEmpty()) {
            return 0;
        }
        // A row of the taken mode leaves the table when it runs and its key goes to due_work_done in the same
        // transaction. This check is a statement of its own on purpose: if that run was in flight, the insert
        // above waited for it on the key's unique index, and only a new statement sees what it committed.
        int ran = jdbc.sql("""
                        delete from shared.due_work d
                        using unnest(cast(:tenants as bigint[]), cast(:kinds as text[]), cast(:keys as text[]))
                            as a(tenant_id, kind, key)
                        where d.tenant_id = a.tenant_id and d.kind = a.kind and d.key = a.key
                          and exists (select 1 from shared.due_work_done k
                                      where k.tenant_id = a.tenant_id and k.kind = a.kind and k.key = a.key)
                        """)
                .param(
                        "tenants",
                        added.stream().map(a -> Long.valueOf(a.get(0))).toArray(Long[]::new))
                .param("kinds", added.stream().map(a -> a.get(1)).toArray(String[]::new))
                .param("keys", added.stream().map(a -> a.get(2)).toArray(String[]::new))
                .update();
        return added.size() - ran;
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
