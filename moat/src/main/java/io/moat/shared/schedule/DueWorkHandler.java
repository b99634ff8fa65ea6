package io.moat.shared.schedule;

import java.time.Duration;

/**
 * Runs the rows of one kind. Declare it as a bean; the workers find it. {@link #handle} runs inside the transaction
 * that completes the row (see the package documentation), so it must not commit on its own and should be quick:
 * slow external calls belong in work of their own whose outcome is recorded idempotently.
 */
public interface DueWorkHandler {

    /** The kind this handler runs, e.g. {@code "journeys.step"}; prefix it with your module's name. */
    String kind();

    /** Does the work. Throwing rolls back everything it wrote; the row is retried with backoff. */
    Outcome handle(DueWork work);

    /**
     * Rows claimed (and run in one transaction) at a time; 0 means the configured {@code moat.schedule.batch-size}. A
     * handler that calls out (WeCom) should take few, so a batch finishes well inside its lease.
     */
    default int batchSize() {
        return 0;
    }

    /**
     * Extra workers that run only this kind, each claiming and running its own batches (virtual threads). For handlers
     * that spend their time waiting on a remote service (WeCom answers in 50–200 ms): with only the shared workers,
     * their calls go one after another. Each such worker holds a database connection while its batch runs, so keep
     * the sum over all kinds well under the pool (20). 0, the default, adds none.
     */
    default int lanes() {
        return 0;
    }

    /**
     * Whether everything this kind does is a write to Moat's database (its effects, the rows it schedules, the events
     * it publishes), with no call to WeCom or anything else outside the transaction. Such work runs in the <em>taken</em>
     * mode: its rows are claimed by deleting them ({@code FOR UPDATE SKIP LOCKED}) in the transaction that runs the
     * handlers and commits their effects, so there is no lease and no completion update, and a crash rolls the whole
     * batch back, its rows due again at once. Its key stays taken in {@code shared.due_work_done}. A handler whose work
     * reaches outside (task creation, notices) must keep the default, the leased mode: a rolled-back transaction cannot
     * take back a call WeCom already served.
     */
    default boolean effectsOnlyInDatabase() {
        return false;
    }

    /** Claims after which a failing row ends in state {@code failed}. */
    default int maxAttempts() {
        return 8;
    }

    /** How long to wait before the next attempt after {@code attempts} failed ones. */
    default Duration backoff(int attempts) {
        long seconds = Math.min(3600, 5L << Math.min(attempts - 1, 20));
        return Duration.ofSeconds(seconds);
    }
}
