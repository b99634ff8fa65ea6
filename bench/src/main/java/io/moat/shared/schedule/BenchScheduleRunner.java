package io.moat.shared.schedule;

import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * Builds Moat's production {@link DueWorkRunner} on a plain data source for the B4 benchmark, outside Spring Boot.
 * It lives in the schedule's package because the runner's constructor is package-private on purpose (the application
 * gets it from {@code ScheduleWorkers}); nothing here changes how it claims or runs rows.
 */
public final class BenchScheduleRunner {

    private BenchScheduleRunner() {}

    /** The worker threads the application runs on this machine by default ({@code moat.schedule.workers} unset). */
    public static int defaultWorkers() {
        return ScheduleProperties.defaultWorkers(Runtime.getRuntime().availableProcessors());
    }

    /**
     * The fresh window the runners get ({@code moat.schedule.fresh-window}, 10 s by default); a window longer than any
     * lateness makes every row fresh, i.e. every batch the oldest due rows (the schedule before the window existed).
     */
    public static Duration freshWindow = Duration.ofSeconds(10);

    public static DueWorkRunner create(DataSource app, DueWorkHandler handler, int batchSize) {
        return create(app, handler, batchSize, Duration.ofSeconds(60));
    }

    /** With a lease of its own: how long a crashed worker's claims stay out of reach. */
    public static DueWorkRunner create(DataSource app, DueWorkHandler handler, int batchSize, Duration lease) {
        var properties = new ScheduleProperties(
                true, 0, batchSize, lease, Duration.ofMillis(100), Duration.ofDays(7), freshWindow);
        return new DueWorkRunner(
                DueWorkRunner.ownerName(),
                List.of(handler),
                new DueWorkClaims(JdbcClient.create(app)),
                new DataSourceTransactionManager(app),
                properties);
    }
}
