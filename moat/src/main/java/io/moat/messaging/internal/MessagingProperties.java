package io.moat.messaging.internal;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the broker paces itself.
 *
 * @param batchWindow how long queued sends of one staff member gather before they become tasks (fewer tasks for
 *     the member to confirm, at the cost of this much delay)
 * @param pollEvery how often an open task's confirmation and results are read from WeCom
 * @param tasksPerRun WeCom tasks created per worker run (each is a WeCom call)
 * @param wecomLanes workers of their own for each kind of work that calls WeCom (creating tasks, following them up,
 *     notices), so those calls overlap instead of queueing behind one another; each holds a database connection
 *     while it runs
 * @param checkLanes workers of their own for checking due sends, besides the schedule's shared workers: a check is
 *     a handful of short statements, so a batch's time is the database's round trips, not its CPU, and checks of
 *     several batches overlap well; each lane holds a database connection while its batch runs
 */
@ConfigurationProperties("moat.messaging")
public record MessagingProperties(
        @DefaultValue("10s") Duration batchWindow,
        @DefaultValue("5m") Duration pollEvery,
        @DefaultValue("8") int tasksPerRun,
        @DefaultValue("3") int wecomLanes,
        @DefaultValue("3") int checkLanes) {}
