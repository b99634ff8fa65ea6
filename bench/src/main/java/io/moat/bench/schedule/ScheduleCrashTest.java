package io.moat.bench.schedule;

import com.zaxxer.hikari.HikariDataSource;
import io.moat.shared.schedule.BenchScheduleRunner;
import io.moat.shared.schedule.DueWork;
import io.moat.shared.schedule.DueWorkHandler;
import io.moat.shared.schedule.DueWorkRunner;
import io.moat.shared.schedule.Outcome;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Kill -9 test of the durable schedule: a child JVM drains {@code rows} due rows with Moat's production runner, each
 * handler recording its row's effect in the row's completing transaction; the parent kills the child with SIGKILL
 * {@code kills} times at random moments and starts a new one, then lets the last one finish. Every key's effect must
 * exist exactly once. The kills do not wait for anything, so each one hits a queue still draining. Recovery, per
 * restart: until the first progress (a row done), and until every row the killed child held is done (they wait for
 * their lease, {@code lease} seconds, to run out), the latter read afterwards from the rows' finish times.
 *
 * <p>{@code mode=taken} (the default) runs the handler in the taken mode, as journey steps run: rows are deleted in
 * the transaction that runs them, so a kill rolls its batches back and there is nothing held to wait for; recovery is
 * then the time to the first row done. {@code mode=leased} runs the leased mode of kinds that call WeCom. Each kill
 * is checked to have landed while rows were still due.
 *
 * <p>Options: {@code -Db4crash=rows=200000,kills=5,lease=5,mode=taken}.
 */
public final class ScheduleCrashTest {

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("child")) {
            child(
                    args[1],
                    Duration.ofSeconds(Long.parseLong(System.getProperty("lease", "5"))),
                    System.getProperty("mode", "taken").equals("taken"));
            return;
        }
        Map<String, String> options = ScheduleBenchmark.options(System.getProperty("b4crash", ""));
        int rows = Integer.parseInt(options.getOrDefault("rows", "200000"));
        int kills = Integer.parseInt(options.getOrDefault("kills", "5"));
        int lease = Integer.parseInt(options.getOrDefault("lease", "5"));
        String mode = options.getOrDefault("mode", "taken");
        Path data = Path.of("target", "b4-crash-pg").toAbsolutePath();
        Files.createDirectories(data.getParent());
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(data)
                .setCleanDataDirectory(true)
                .setPGStartupWait(Duration.ofSeconds(120))
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("timezone", "UTC")
                .start()) {
            String url = ScheduleBenchmark.prepare(postgres);
            ScheduleBenchmark.execute(url, """
                    insert into shared.due_work (tenant_id, kind, key, payload, due_at, created_at)
                    select 1, 'bench.send', 'k' || g, '{}', now() - interval '1 minute', now()
                    from generate_series(1, %d) g
                    """.formatted(rows));
            System.out.printf("B4 crash: rows=%d kills=%d lease=%ds mode=%s%n", rows, kills, lease, mode);
            Instant drainStarted = Instant.now();
            int midDrain = 0;
            List<String> recoveries = new ArrayList<>();
            List<Instant> restarts = new ArrayList<>();
            for (int life = 0; life <= kills; life++) {
                Instant started = Instant.now();
                long orphaned = leasedRows(url, life);
                long before = done(url);
                Process child = start(url, lease, mode);
                restarts.add(started);
                if (life == 0) {
                    // the first child too must be draining when it is killed, not still starting its JVM
                    awaitProgress(url, before, started, child);
                } else {
                    long firstProgress = awaitProgress(url, before, started, child);
                    recoveries.add(orphaned + " leased, first progress " + firstProgress + " ms");
                    System.out.printf(
                            "restart %d: %d rows were leased by the killed child; first row done %d ms after the"
                                    + " restart%n",
                            life, orphaned, firstProgress);
                }
                if (life < kills) {
                    Thread.sleep(ThreadLocalRandom.current().nextLong(1500, 4000));
                    child.destroyForcibly(); // SIGKILL on Linux
                    child.waitFor();
                    long doneAtKill = done(url);
                    // mid-drain: this child had run rows, and rows were left
                    boolean mid = doneAtKill > before && doneAtKill < rows;
                    midDrain += mid ? 1 : 0;
                    System.out.printf(
                            "kill -9 %d: %d of %d rows done%s%n",
                            life + 1, doneAtKill, rows, mid ? " (mid-drain)" : " (not mid-drain)");
                } else if (!child.waitFor(30, TimeUnit.MINUTES) || child.exitValue() != 0) {
                    throw new IllegalStateException("the last child did not finish cleanly");
                }
            }
            System.out.printf(
                    "drained %d rows through %d kills in %d ms; %d of %d kills landed mid-drain%n",
                    rows, kills, Duration.between(drainStarted, Instant.now()).toMillis(), midDrain, kills);
            for (int life = 1; life <= kills; life++) {
                long orphansDone = count(
                        url,
                        "select coalesce(max((extract(epoch from d.finished_at) * 1000)::bigint), 0)"
                                + " from shared.due_work d join bench.orphan_" + life + " o on o.id = d.id");
                recoveries.set(
                        life - 1,
                        recoveries.get(life - 1) + ", held rows done "
                                + (orphansDone == 0
                                        ? "-"
                                        : (orphansDone - restarts.get(life).toEpochMilli()) + " ms"));
            }
            try (Connection c = DriverManager.getConnection(url, "postgres", "postgres");
                    Statement s = c.createStatement();
                    var r = s.executeQuery("""
                            with finished as (select key from shared.due_work where state = 'done'
                                              union all select key from shared.due_work_done)
                            select (select count(*) from bench.b4_effect),
                                   (select count(distinct key) from bench.b4_effect),
                                   (select count(*) from finished),
                                   (select count(*) from finished d
                                      where not exists (select 1 from bench.b4_effect e where e.key = d.key))
                            """)) {
                r.next();
                long effects = r.getLong(1), distinct = r.getLong(2), done = r.getLong(3), missing = r.getLong(4);
                System.out.printf(
                        "effects=%d distinct keys=%d done rows=%d done without effect=%d; recoveries %s%n",
                        effects, distinct, done, missing, recoveries);
                if (effects != rows || distinct != rows || done != rows || missing != 0 || midDrain < kills) {
                    throw new IllegalStateException(
                            "an effect is missing or happened twice, or a kill hit an empty queue");
                }
                System.out.println("PASS: every key's effect happened exactly once");
            }
        }
    }

    private static Process start(String url, int lease, String mode) throws Exception {
        return new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx512m",
                        "-Dlease=" + lease,
                        "-Dmode=" + mode,
                        "-cp",
                        System.getProperty("java.class.path"),
                        ScheduleCrashTest.class.getName(),
                        "child",
                        url)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    /** Notes the rows claimed and not finished (what a killed child leaves behind) and answers how many. */
    private static long leasedRows(String url, int life) throws Exception {
        ScheduleBenchmark.execute(url, """
                drop table if exists bench.orphan_%d;
                create table bench.orphan_%d as
                    select id from shared.due_work where state = 'due' and lease_owner is not null
                """.formatted(life, life));
        return count(url, "select count(*) from bench.orphan_" + life);
    }

    private static long done(String url) throws Exception {
        return count(
                url,
                "select (select count(*) from shared.due_work where state = 'done')"
                        + " + (select count(*) from shared.due_work_done)");
    }

    private static long awaitProgress(String url, long before, Instant started, Process child) throws Exception {
        while (done(url) <= before) {
            if (!child.isAlive() && child.exitValue() != 0) {
                throw new IllegalStateException("the child died on its own");
            }
            if (!child.isAlive()) {
                // it found nothing due: the earlier lives drained everything, so no kill can land mid-drain any more
                throw new IllegalStateException("the rows ran out before every kill had landed; run with more rows");
            }
            Thread.sleep(50);
        }
        return Duration.between(started, Instant.now()).toMillis();
    }

    private static long count(String url, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(url, "postgres", "postgres");
                Statement s = c.createStatement();
                var r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    /** The child: the application's default number of workers drain until no row is due, then exit 0. */
    private static void child(String url, Duration lease, boolean taken) throws Exception {
        int threads = BenchScheduleRunner.defaultWorkers();
        try (HikariDataSource app = ScheduleBenchmark.pool(url, threads + 2)) {
            JdbcClient jdbc = JdbcClient.create(app);
            DueWorkHandler handler = new DueWorkHandler() {
                @Override
                public String kind() {
                    return ScheduleBenchmark.KIND;
                }

                @Override
                public boolean effectsOnlyInDatabase() {
                    return taken;
                }

                @Override
                public Outcome handle(DueWork work) {
                    jdbc.sql("insert into bench.b4_effect (key) values (?)")
                            .param(work.key())
                            .update();
                    return Outcome.done();
                }
            };
            DueWorkRunner runner = BenchScheduleRunner.create(app, handler, 500, lease);
            List<Thread> workers = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                workers.add(Thread.ofPlatform().start(() -> {
                    while (true) {
                        if (runner.runDue(Instant.now()) == 0) {
                            try {
                                if (count(url, "select count(*) from shared.due_work where state = 'due'") == 0) {
                                    return;
                                }
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                            ScheduleBenchmark.pause(100);
                        }
                    }
                }));
            }
            for (Thread worker : workers) {
                worker.join();
            }
        }
    }

    private ScheduleCrashTest() {}
}
