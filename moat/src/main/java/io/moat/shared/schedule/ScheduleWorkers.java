package io.moat.shared.schedule;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The background workers of this instance: {@code moat.schedule.workers} threads, each looping claim → run, resting
 * {@code idle-delay} whenever nothing was due; besides them, the lanes of kinds that ask for their own ({@link
 * DueWorkHandler#lanes}, virtual threads looping over that kind only). One more thread purges finished rows past
 * their retention.
 */
@Configuration(proxyBeanMethods = false)
class ScheduleWorkers implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ScheduleWorkers.class);

    private final ScheduleProperties properties;
    private final ObjectProvider<DueWorkRunner> runner;
    private final Clock clock;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;

    ScheduleWorkers(ScheduleProperties properties, ObjectProvider<DueWorkRunner> runner, Clock clock) {
        this.properties = properties;
        this.runner = runner;
        this.clock = clock;
    }

    @Bean
    static DueWorkRunner dueWorkRunner(
            List<DueWorkHandler> handlers,
            DueWorkClaims claims,
            PlatformTransactionManager transactions,
            ScheduleProperties properties) {
        return new DueWorkRunner(DueWorkRunner.ownerName(), handlers, claims, transactions, properties);
    }

    @Override
    public void start() {
        running = true;
        if (!properties.polling()) {
            return;
        }
        DueWorkRunner worker = runner.getObject();
        for (int i = 0; i < properties.workerThreads(); i++) {
            threads.add(Thread.ofPlatform()
                    .name("due-work-" + i)
                    .daemon()
                    .start(() -> work(() -> worker.runDue(clock.instant()))));
        }
        worker.lanes().forEach((kind, lanes) -> {
            for (int i = 0; i < lanes; i++) {
                threads.add(Thread.ofVirtual()
                        .name(kind + "-" + i)
                        .start(() -> work(() -> worker.runDue(clock.instant(), kind))));
            }
        });
        threads.add(Thread.ofPlatform().name("due-work-purge").daemon().start(() -> purge(worker)));
    }

    private void work(java.util.function.IntSupplier batch) {
        while (running) {
            try {
                int claimed = batch.getAsInt();
                if (claimed == 0) {
                    rest(properties.idleDelay());
                }
            } catch (RuntimeException e) {
                log.warn("Due work worker failed; trying again shortly: {}", e.getMessage());
                rest(Duration.ofSeconds(1));
            }
        }
    }

    private void purge(DueWorkRunner worker) {
        while (running) {
            try {
                worker.purgeFinished(clock.instant().minus(properties.retention()));
            } catch (RuntimeException e) {
                log.warn("Purging finished due work failed: {}", e.getMessage());
            }
            rest(Duration.ofMinutes(10));
        }
    }

    private void rest(Duration pause) {
        try {
            Thread.sleep(pause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @Override
    public void stop() {
        running = false;
        threads.forEach(Thread::interrupt);
        for (Thread thread : threads) {
            try {
                thread.join(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        threads.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
