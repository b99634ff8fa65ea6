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
 * exist exactly once. Recovery time = from a restart until the rows the killed child had claimed are all done (they
 * wait for their lease, {@code lease} seconds, to run out).
 *
 * <p>Options: {@code -Db4crash=rows=200000,kills=5,lease=5}.
 */
public final class ScheduleCrashTest {

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("child")) {
            child(args[1], Duration.ofSeconds(Long.parseLong(System.getProperty("lease", "5"))));
            return;
        }
        Map<String, String> options = ScheduleBenchmark.options(System.getProperty("b4crash", ""));
        int rows = Integer.parseInt(options.getOrDefault("rows", "200000"));
        int kills = Integer.parseInt(options.getOrDefault("kills", "5"));
        int lease = Integer.parseInt(options.getOrDefault("lease", "5"));
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
            System.out.printf("B4 crash: rows=%d kills=%d lease=%ds%n", rows, kills, lease);
            List<Long> recoveries = new ArrayList<>();
            for (int life = 0; life <= kills; life++) {
                Instant started = Instant.now();
                long orphaned = leasedRows(url);
                Process child = start(url, lease);
                if (life > 0) {
                    // how long until the killed child's claims are taken over and done
                    long waited = awaitOrphansDone(url, started, child);
                    recoveries.add(waited);
                    System.out.printf(
                            "restart %d: %d rows were leased by the killed child; done again after %d ms%n",
                            life, orphaned, waited);
                }
                if (life < kills) {
                    Thread.sleep(ThreadLocalRandom.current().nextLong(1500, 4000));
                    child.destroyForcibly(); // SIGKILL on Linux
                    child.waitFor();
                    System.out.printf("kill -9 %d: %d of %d rows done%n", life + 1, done(url), rows);
                } else if (!child.waitFor(30, TimeUnit.MINUTES) || child.exitValue() != 0) {
                    throw new IllegalStateException("the last child did not finish cleanly");
                }
            }
            try (Connection c = DriverManager.getConnection(url, "postgres", "postgres");
                    Statement s = c.createStatement();
                    var r = s.executeQuery("""
                            select (select count(*) from bench.b4_effect),
                                   (select count(distinct key) from bench.b4_effect),
                                   (select count(*) from shared.due_work where state = 'done'),
                                   (select count(*) from shared.due_work d where state = 'done'
                                      and not exists (select 1 from bench.b4_effect e where e.key = d.key))
                            """)) {
                r.next();
                long effects = r.getLong(1), distinct = r.getLong(2), done = r.getLong(3), missing = r.getLong(4);
                System.out.printf(
                        "effects=%d distinct keys=%d done rows=%d done without effect=%d; recovery ms %s%n",
                        effects, distinct, done, missing, recoveries);
                if (effects != rows || distinct != rows || done != rows || missing != 0) {
                    throw new IllegalStateException("an effect is missing or happened twice");
                }
                System.out.println("PASS: every key's effect happened exactly once");
            }
        }
    }

    private static Process start(String url, int lease) throws Exception {
        return new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx512m",
                        "-Dlease=" + lease,
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
    private static long leasedRows(String url) throws Exception {
        ScheduleBenchmark.execute(url, """
                drop table if exists bench.orphan;
                create table bench.orphan as
                    select id from shared.due_work where state = 'due' and lease_owner is not null
                """);
        return count(url, "select count(*) from bench.orphan");
    }

    private static long done(String url) throws Exception {
        return count(url, "select count(*) from shared.due_work where state = 'done'");
    }

    private static long awaitOrphansDone(String url, Instant started, Process child) throws Exception {
        while (count(
                        url,
                        "select count(*) from shared.due_work d join bench.orphan o on o.id = d.id"
                                + " where d.state = 'due'")
                > 0) {
            if (!child.isAlive() && child.exitValue() != 0) {
                throw new IllegalStateException("the child died on its own");
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

    /** The child: two workers drain until no row is due, then exit 0. */
    private static void child(String url, Duration lease) throws Exception {
        try (HikariDataSource app = ScheduleBenchmark.pool(url, 4)) {
            JdbcClient jdbc = JdbcClient.create(app);
            DueWorkHandler handler = new DueWorkHandler() {
                @Override
                public String kind() {
                    return ScheduleBenchmark.KIND;
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
            for (int i = 0; i < 2; i++) {
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
