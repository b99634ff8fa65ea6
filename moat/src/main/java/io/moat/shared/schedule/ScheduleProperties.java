package io.moat.shared.schedule;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the workers run.
 *
 * @param polling whether this instance runs background workers at all (tests drive {@link DueWorkRunner} directly)
 * @param workers worker threads in this instance
 * @param batchSize rows claimed per batch
 * @param lease how long a claim stays with its worker before others may re-take it
 * @param idleDelay how long an idle worker waits before looking again (the bound on lateness when idle)
 * @param retention how long finished rows are kept (their keys stay idempotent for that long)
 */
@ConfigurationProperties("moat.schedule")
public record ScheduleProperties(
        @DefaultValue("true") boolean polling,
        @DefaultValue("2") int workers,
        @DefaultValue("500") int batchSize,
        @DefaultValue("60s") Duration lease,
        @DefaultValue("100ms") Duration idleDelay,
        @DefaultValue("7d") Duration retention) {}
