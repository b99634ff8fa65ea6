package io.moat.shared.schedule;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the workers run.
 *
 * @param polling whether this instance runs background workers at all (tests drive {@link DueWorkRunner} directly)
 * @param workers worker threads in this instance; 0, the default, derives them from the processors ({@link
 *     #defaultWorkers})
 * @param batchSize rows claimed per batch
 * @param lease how long a claim stays with its worker before others may re-take it
 * @param idleDelay how long an idle worker waits before looking again (the bound on lateness when idle)
 * @param retention how long finished rows are kept (their keys stay idempotent for that long)
 * @param freshWindow rows that fell due within this window are <em>fresh</em>: most batches take them before older
 *     ones, so a backlog (after an outage, a broadcast) does not make the work falling due now late as well
 */
@ConfigurationProperties("moat.schedule")
public record ScheduleProperties(
        @DefaultValue("true") boolean polling,
        @DefaultValue("0") int workers,
        @DefaultValue("500") int batchSize,
        @DefaultValue("60s") Duration lease,
        @DefaultValue("100ms") Duration idleDelay,
        @DefaultValue("7d") Duration retention,
        @DefaultValue("10s") Duration freshWindow) {

    /** Most workers {@link #defaultWorkers} gives: each holds one of the pool's 20 connections while its batch runs. */
    static final int MOST_DEFAULT_WORKERS = 8;

    /** The worker threads this instance runs: {@link #workers} if set, else {@link #defaultWorkers}. */
    public int workerThreads() {
        return workers > 0 ? workers : defaultWorkers(Runtime.getRuntime().availableProcessors());
    }

    /**
     * Two workers per processor, at least 2 and at most {@value #MOST_DEFAULT_WORKERS}. A worker spends about half of
     * each batch waiting for PostgreSQL (one round trip per handler statement, a commit per batch), during which its
     * own processor has nothing to do; two per processor keep both sides busy. On a loaded machine a round trip also
     * waits for the scheduler to run both ends, so rows per second follow the round trips in flight (B4 at load 20–31,
     * separate runs: 1.7k rows/s with 2 workers, 4.0k with 4).
     */
    public static int defaultWorkers(int processors) {
        return Math.max(2, Math.min(2 * processors, MOST_DEFAULT_WORKERS));
    }
}
