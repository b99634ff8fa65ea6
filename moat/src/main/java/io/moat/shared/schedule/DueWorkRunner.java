package io.moat.shared.schedule;

import io.moat.shared.TenantId;
import io.moat.shared.context.CallContext;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Claims a batch of due rows and runs their handlers (see the package documentation). The background workers call
 * {@link #runDue}; so can tests and benchmarks, with the moment they want to treat as now.
 */
public class DueWorkRunner {

    private static final Logger log = LoggerFactory.getLogger(DueWorkRunner.class);

    private final String owner;
    private final Map<String, DueWorkHandler> handlers;
    private final DueWorkClaims claims;
    private final TransactionTemplate transactions;
    private final ScheduleProperties properties;
    /** Batches claimed so far by this runner's workers, which decides the part each fills first ({@link #first}). */
    private final AtomicLong batches = new AtomicLong();

    DueWorkRunner(
            String owner,
            List<DueWorkHandler> handlers,
            DueWorkClaims claims,
            PlatformTransactionManager transactions,
            ScheduleProperties properties) {
        this.owner = owner;
        this.handlers = byKind(handlers);
        this.claims = claims;
        this.transactions = new TransactionTemplate(transactions);
        this.transactions.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.properties = properties;
    }

    /** A name unique to this process and runner, for the lease owner column. */
    static String ownerName() {
        return ManagementFactory.getRuntimeMXBean().getName() + "/"
                + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Claims up to one batch of rows due at {@code now}, runs them, and answers how many were claimed. */
    public int runDue(Instant now) {
        if (handlers.isEmpty()) {
            return 0;
        }
        int claimed = 0;
        for (DueWorkHandler handler : handlers.values()) {
            claimed += runDue(handler, now);
        }
        return claimed;
    }

    /** Claims up to one batch of {@code kind}'s rows due at {@code now}, runs them, and answers how many. */
    public int runDue(Instant now, String kind) {
        DueWorkHandler handler = handlers.get(kind);
        if (handler == null) {
            return 0;
        }
        return runDue(handler, now);
    }

    private int runDue(DueWorkHandler handler, Instant now) {
        if (handler.effectsOnlyInDatabase()) {
            return runTaken(handler, now);
        }
        List<DueWork> batch = claim(handler, now);
        if (!batch.isEmpty()) {
            run(batch, now);
        }
        return batch.size();
    }

    /**
     * The taken mode ({@link DueWorkHandler#effectsOnlyInDatabase}): one transaction deletes a batch of due rows, runs
     * their handlers, keeps the finished keys and commits. If a handler fails, that transaction rolls back (the rows
     * are due again) and each row runs in a transaction of its own, so one bad row costs the others a second go only.
     */
    private int runTaken(DueWorkHandler handler, Instant now) {
        int size = handler.batchSize() > 0 ? handler.batchSize() : properties.batchSize();
        List<DueWork> taken = new ArrayList<>();
        try {
            CallContext.system()
                    .run(() -> transactions.executeWithoutResult(status -> {
                        claims.enterScheduleScope();
                        taken.addAll(
                                claims.take(handler.kind(), size, now, now.minus(properties.freshWindow()), first()));
                        runTaken(taken);
                    }));
        } catch (RuntimeException together) {
            if (taken.isEmpty()) {
                throw together;
            }
            for (DueWork work : taken) {
                runTakenAlone(handler, work, now);
            }
        }
        return taken.size();
    }

    /**
     * Three batches in four are filled with fresh rows first (due within {@code fresh-window}), the fourth with overdue
     * ones first. Under a backlog the rows falling due now still run on time, as long as they need less than three
     * quarters of what the workers get through, and the backlog never gets less than a quarter, so nothing starves.
     * Without a backlog (or without fresh rows) every batch is simply the oldest due rows.
     */
    private DueWorkClaims.First first() {
        return batches.getAndIncrement() % 4 == 3 ? DueWorkClaims.First.OVERDUE : DueWorkClaims.First.FRESH;
    }

    private void runTaken(List<DueWork> taken) {
        List<DueWork> done = new ArrayList<>(taken.size());
        TenantId current = null;
        for (DueWork work : taken) {
            if (!work.tenant().equals(current)) {
                current = work.tenant();
                claims.enterTenant(current);
            }
            switch (handle(work)) {
                case Outcome.Done ignored -> done.add(work);
                case Outcome.Later later -> claims.putBack(work, later.at(), later.payload());
            }
        }
        if (!done.isEmpty()) {
            claims.remember(done, done.get(0).now());
        }
    }

    private void runTakenAlone(DueWorkHandler handler, DueWork work, Instant now) {
        try {
            CallContext.system()
                    .run(() -> transactions.executeWithoutResult(status -> {
                        claims.enterScheduleScope();
                        runTaken(claims.takeOne(work, now)); // empty if another worker has taken it since
                    }));
        } catch (RuntimeException failure) {
            Failure failed = Failure.of(handler, work, now, failure);
            CallContext.system()
                    .run(() -> transactions.executeWithoutResult(status -> {
                        claims.enterScheduleScope();
                        claims.recordTakenFailure(work, failed.giveUp(), failed.retryAt(), failed.error(), now);
                    }));
        }
    }

    private Outcome handle(DueWork work) {
        return CallContext.forTenant(work.tenant(), "schedule")
                .call(() -> handlers.get(work.kind()).handle(work));
    }

    /** The kinds whose handlers ask for workers of their own, with how many ({@link DueWorkHandler#lanes}). */
    Map<String, Integer> lanes() {
        Map<String, Integer> lanes = new LinkedHashMap<>();
        handlers.values().stream().filter(h -> h.lanes() > 0).forEach(h -> lanes.put(h.kind(), h.lanes()));
        return lanes;
    }

    /** Runs due rows until none is left at {@code now}; answers how many were claimed in all. */
    public int drain(Instant now) {
        int total = 0;
        int claimed;
        do {
            claimed = runDue(now);
            total += claimed;
        } while (claimed > 0);
        return total;
    }

    /** Deletes rows that finished before {@code cutoff}, a thousand per transaction; answers how many. */
    public int purgeFinished(Instant cutoff) {
        int total = 0;
        int purged;
        do {
            Integer deleted = CallContext.system()
                    .call(() -> transactions.execute(status -> {
                        claims.enterScheduleScope();
                        return claims.purge(cutoff, 1000);
                    }));
            purged = deleted == null ? 0 : deleted;
            total += purged;
        } while (purged > 0);
        return total;
    }

    /** Claims a batch of every kind (for tests that split claiming from running). */
    List<DueWork> claim(Instant now) {
        List<DueWork> claimed = new ArrayList<>();
        handlers.values().forEach(handler -> claimed.addAll(claim(handler, now)));
        return claimed;
    }

    /** Leases one batch of the handler's kind (its own batch size) in a short transaction of its own. */
    private List<DueWork> claim(DueWorkHandler handler, Instant now) {
        Instant leaseUntil = now.plus(properties.lease());
        int size = handler.batchSize() > 0 ? handler.batchSize() : properties.batchSize();
        List<DueWork> batch = CallContext.system()
                .call(() -> transactions.execute(status -> {
                    claims.enterScheduleScope();
                    return claims.claim(
                            owner, handler.kind(), size, now, now.minus(properties.freshWindow()), first(), leaseUntil);
                }));
        return batch == null ? List.of() : batch;
    }

    /**
     * Runs a claimed batch in one transaction; if any handler fails, that transaction rolls back and every row runs
     * on its own, so one bad row costs the others nothing but a second go.
     */
    void run(List<DueWork> batch, Instant now) {
        try {
            CallContext.system().run(() -> transactions.executeWithoutResult(status -> runTogether(batch, now)));
        } catch (RuntimeException together) {
            for (DueWork work : batch) {
                runAlone(work, now);
            }
        }
    }

    private void runTogether(List<DueWork> batch, Instant now) {
        claims.enterScheduleScope();
        Set<Long> held = claims.hold(owner, batch);
        List<DueWork> done = new ArrayList<>(batch.size());
        TenantId current = null;
        for (DueWork work : batch) {
            if (!held.contains(work.id())) {
                continue; // re-claimed by another worker after our lease ran out, or cancelled
            }
            if (!work.tenant().equals(current)) {
                current = work.tenant();
                claims.enterTenant(current);
            }
            switch (handle(work)) {
                case Outcome.Done ignored -> done.add(work);
                case Outcome.Later later -> claims.postpone(work, later.at(), later.payload());
            }
        }
        claims.finish(done, now);
    }

    private void runAlone(DueWork work, Instant now) {
        try {
            CallContext.system()
                    .run(() -> transactions.executeWithoutResult(status -> runTogether(List.of(work), now)));
        } catch (RuntimeException failure) {
            Failure failed = Failure.of(handlers.get(work.kind()), work, now, failure);
            CallContext.system()
                    .run(() -> transactions.executeWithoutResult(status -> {
                        claims.enterScheduleScope();
                        claims.recordFailure(owner, work, failed.giveUp(), failed.retryAt(), failed.error(), now);
                    }));
        }
    }

    /** What a failed attempt leaves, in either mode: whether to give up, when to retry, and the error; logged once. */
    private record Failure(boolean giveUp, Instant retryAt, String error) {

        static Failure of(DueWorkHandler handler, DueWork work, Instant now, RuntimeException failure) {
            boolean giveUp = work.attempts() >= handler.maxAttempts();
            String error = failure.getClass().getSimpleName() + ": " + failure.getMessage();
            log.warn(
                    "Due work {} {} failed (attempt {}{}): {}",
                    work.kind(),
                    work.key(),
                    work.attempts(),
                    giveUp ? ", giving up" : "",
                    error);
            return new Failure(giveUp, now.plus(handler.backoff(work.attempts())), error);
        }
    }

    private static Map<String, DueWorkHandler> byKind(List<DueWorkHandler> handlers) {
        Map<String, DueWorkHandler> byKind = new LinkedHashMap<>();
        for (DueWorkHandler handler : handlers) {
            DueWorkHandler previous = byKind.put(handler.kind(), handler);
            if (previous != null) {
                throw new IllegalStateException("two handlers for due work of kind " + handler.kind() + ": "
                        + previous.getClass().getName() + " and "
                        + handler.getClass().getName());
            }
        }
        return Map.copyOf(byKind);
    }
}
