package io.moat.bench.schedule;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.moat.bench.ProcessCpu;
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
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * B4: durable schedule. Part 1 drains {@code rows} due rows with Moat's {@code shared.schedule} workers (the production
 * {@link DueWorkRunner}, as many worker threads as the application runs by default ({@code moatWorkers}), batches of 500, as the application runs it) and with db-scheduler in
 * both of its polling strategies (lock-and-fetch, fetch-and-lock-on-execute), on the same PostgreSQL in one run, in
 * rounds that run every peer once. Every handler writes one effect row (Moat: in the row's completing transaction).
 * Part 2 feeds each peer a stream of new rows at {@code rate} per second, each due 0–60 s later, for {@code stream}
 * seconds, and reports the p50/p99 lateness (start of the handler minus the due moment).
 *
 * <p>Options: {@code -Db4=rows=100000,runs=5,warmups=1,rate=10000,stream=60,threads=10} (all optional; more in
 * {@code bench/README.md}).
 */
public final class ScheduleBenchmark {

    static final String APP = "moat_app";
    static final String KIND = "bench.send";
    static final long TENANT = 1;
    static int streamWait;
    /** profile=true: pg_stat_statements around each drain and each stream. */
    static boolean profile;

    static int moatWorkers = BenchScheduleRunner.defaultWorkers();
    /** backlog=N: part 2 starts with N rows already due (a minute overdue) under the stream. */
    static int backlog;
    /** Backlog rows run in the current part 2, and when the last of them ran (System.nanoTime). */
    static final AtomicLong backlogRun = new AtomicLong();

    static volatile long backlogDoneAt;
    /** A run stops here even if not every row ran (System.nanoTime; Long.MAX_VALUE: no limit). */
    static volatile long deadline = Long.MAX_VALUE;

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(System.getProperty("b4", ""));
        int rows = Integer.parseInt(options.getOrDefault("rows", "100000"));
        int runs = Integer.parseInt(options.getOrDefault("runs", "5"));
        int warmups = Integer.parseInt(options.getOrDefault("warmups", "1"));
        int rate = Integer.parseInt(options.getOrDefault("rate", "10000"));
        int stream = Integer.parseInt(options.getOrDefault("stream", "60"));
        int threads = Integer.parseInt(options.getOrDefault("threads", "10"));
        // streamWait=N: stop waiting N s after the stream ends; rows still due count with their lateness so far
        streamWait = Integer.parseInt(options.getOrDefault("streamWait", "0"));
        // profile=true: pg_stat_statements, and each peer's ten costliest statements after each drain
        profile = Boolean.parseBoolean(options.getOrDefault("profile", "false"));
        // drainCap=S: a drain stops after S seconds; its throughput is the rows it ran over the time it ran, and
        // the row says "capped" (db-scheduler drains ≈1k rows/s, so 1M rows would take it a quarter of an hour)
        int drainCap = Integer.parseInt(options.getOrDefault("drainCap", "0"));
        // moatWorkers=N: Moat's worker threads (moat.schedule.workers; by default what the application derives from
        // the processors, ScheduleProperties.defaultWorkers)
        moatWorkers = Integer.parseInt(options.getOrDefault("moatWorkers", Integer.toString(moatWorkers)));
        backlog = Integer.parseInt(options.getOrDefault("backlog", "0"));
        // freshWindow=S: moat.schedule.fresh-window in seconds (10 by default); 0 = every row fresh (plain due order)
        int freshWindow = Integer.parseInt(options.getOrDefault("freshWindow", "10"));
        BenchScheduleRunner.freshWindow =
                freshWindow > 0 ? Duration.ofSeconds(freshWindow) : Duration.ofDays(365 * 100);
        // peers=moat+lock-and-fetch+fetch (all by default): a subset, e.g. while profiling one of them
        List<String> only = List.of(
                options.getOrDefault("peers", "moat+lock-and-fetch+fetch").split("\\+"));
        System.out.printf(
                "B4 durable schedule: rows=%d runs=%d warmups=%d rate=%d/s stream=%ds db-scheduler threads=%d;"
                        + " Moat workers=%d fresh window=%s; processors=%d%n",
                rows,
                runs,
                warmups,
                rate,
                stream,
                threads,
                moatWorkers,
                BenchScheduleRunner.freshWindow,
                Runtime.getRuntime().availableProcessors());

        Path data = Path.of("target", "b4-pg").toAbsolutePath();
        Files.createDirectories(data.getParent());
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
        if (profile) {
            builder.setServerConfig("shared_preload_libraries", "pg_stat_statements,auto_explain");
            // plans of the slow statements go to the server log, which zonky copies to stdout
            builder.setServerConfig("auto_explain.log_min_duration", "40ms");
            builder.setServerConfig("auto_explain.log_analyze", "on");
            builder.setServerConfig("auto_explain.log_buffers", "on");
        }
        try (EmbeddedPostgres postgres = builder.setDataDirectory(data)
                .setCleanDataDirectory(true)
                .setPGStartupWait(Duration.ofSeconds(120))
                // zonky turns fsync and synchronous_commit off; a durable schedule is measured durable
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("timezone", "UTC")
                .setServerConfig("shared_buffers", "1GB")
                .setServerConfig("max_wal_size", "8GB")
                .start()) {
            String url = prepare(postgres);
            System.out.println(
                    "fsync=on synchronous_commit=on shared_buffers=1GB; PostgreSQL " + show(url, "server_version"));
            try (HikariDataSource app = pool(url, 16)) {
                List<Peer> peers = new ArrayList<>();
                if (only.contains("moat")) {
                    peers.add(new MoatPeer(app, true));
                }
                // variants of the taken peer for comparisons in the same rounds: 2 workers (the old default), and
                // plain due order (no fresh window)
                if (only.contains("moat-w2")) {
                    peers.add(new MoatPeer(app, true, 2, BenchScheduleRunner.freshWindow, " 2 workers"));
                }
                if (only.contains("moat-plain")) {
                    peers.add(new MoatPeer(app, true, moatWorkers, Duration.ofDays(36500), " plain due order"));
                }
                if (only.contains("moat-leased")) {
                    peers.add(new MoatPeer(app, false));
                }
                if (only.contains("lock-and-fetch")) {
                    peers.add(new DbSchedulerPeer(app, "db-scheduler lock-and-fetch", true, threads));
                }
                if (only.contains("fetch")) {
                    peers.add(new DbSchedulerPeer(app, "db-scheduler fetch", false, threads));
                }
                if (profile) {
                    execute(url, "create extension if not exists pg_stat_statements");
                }
                Map<String, List<Double>> throughput = new HashMap<>();
                Map<String, List<String>> shown = new HashMap<>();
                for (int round = 0; round < warmups + runs; round++) {
                    for (int i = 0; i < peers.size(); i++) {
                        Peer peer = peers.get((i + round) % peers.size());
                        reset(url);
                        peer.load(url, rows, Instant.now().minusSeconds(60));
                        vacuum(url);
                        if (profile) {
                            execute(url, "select pg_stat_statements_reset()");
                            if (peer instanceof MoatPeer) {
                                System.out.println(claimPlan(app));
                            }
                        }
                        long started = System.nanoTime();
                        deadline = drainCap > 0 ? started + drainCap * 1_000_000_000L : Long.MAX_VALUE;
                        long done;
                        try {
                            done = peer.drain(rows);
                        } finally {
                            deadline = Long.MAX_VALUE;
                        }
                        double seconds = (System.nanoTime() - started) / 1e9;
                        long effects = effects(url);
                        boolean capped = done < rows;
                        // a capped drain must still have run each row it counted exactly once (effects() checks
                        // "once"); db-scheduler counts a row after its effect commits, so stopping it mid-row can
                        // leave at most its threads' worth of effects uncounted
                        if (capped ? effects < done || effects > done + threads : done != rows || effects != rows) {
                            throw new IllegalStateException(peer.name() + " ran " + done + " rows and left " + effects
                                    + " effects, expected " + (capped ? done : rows));
                        }
                        double perSecond = done / seconds;
                        if (profile) {
                            System.out.println(costliest(url));
                        }
                        boolean measured = round >= warmups;
                        System.out.printf(
                                "round %d%s %-28s %8.0f rows/s (%.1f s)%s%n",
                                round,
                                measured ? "" : " (warm-up)",
                                peer.name(),
                                perSecond,
                                seconds,
                                capped ? " capped: " + done + " of " + rows + " rows ran in " + drainCap + " s" : "");
                        if (measured) {
                            throughput
                                    .computeIfAbsent(peer.name(), k -> new ArrayList<>())
                                    .add(perSecond);
                            shown.computeIfAbsent(peer.name(), k -> new ArrayList<>())
                                    .add(String.format("%.0f", perSecond)
                                            + (capped ? " (capped: " + done + " rows in " + drainCap + " s)" : ""));
                        }
                    }
                }
                double moat = median(throughput.getOrDefault(peers.get(0).name(), List.of(0.0)));
                StringBuilder report = new StringBuilder("\n| peer | drain rows/s (median of " + runs
                        + ") | runs | ratio Moat / peer |\n|---|---:|---|---:|\n");
                for (Peer peer : peers) {
                    List<Double> all = throughput.get(peer.name());
                    double median = median(all);
                    report.append(String.format(
                            "| %s | %.0f | %s | %s |%n",
                            peer.name(),
                            median,
                            shown.get(peer.name()),
                            peer == peers.get(0) ? "–" : String.format("%.2f", moat / median)));
                }
                if (stream > 0) {
                    report.append("\n| peer | offered rows/s | rows run | lateness p50 ms | p99 ms | max ms |\n"
                            + "|---|---:|---:|---:|---:|---:|\n");
                    for (Peer peer : peers) {
                        reset(url);
                        report.append(lateness(url, peer, rate, stream));
                    }
                }
                System.out.println(report);
                Files.writeString(Path.of("target", "b4-results.md"), report.toString());
            }
        }
    }

    /** Part 2: a producer adds {@code rate} rows a second for {@code stream} seconds while the peer runs them. */
    static String lateness(String url, Peer peer, int rate, int stream) throws Exception {
        ProcessCpu cpuBefore = cpuSeconds();
        long wallBefore = System.nanoTime();
        var late = new ConcurrentLinkedQueue<Long>();
        // per 10 s of the run: the lateness of the rows run in it, to see when and how a peer falls behind
        long began = System.nanoTime(); // the stream and the backlog's drain start together
        var windows = new ConcurrentLinkedQueue<long[]>();
        LongConsumer timed = ms -> {
            late.add(ms);
            windows.add(new long[] {(System.nanoTime() - began) / 10_000_000_000L, ms});
        };
        if (backlog > 0) {
            peer.load(url, backlog, Instant.now().minusSeconds(60));
            vacuum(url);
        }
        backlogRun.set(0);
        backlogDoneAt = 0;
        if (profile) {
            execute(url, "select pg_stat_statements_reset()");
        }
        long total = (long) rate * stream;
        var produced = new AtomicLong();
        Thread producer = Thread.ofPlatform().name("b4-producer").start(() -> {
            try (Connection c = DriverManager.getConnection(url, "postgres", "postgres")) {
                long start = System.nanoTime();
                int slice = Math.max(1, rate / 100); // every 10 ms
                while (produced.get() < total) {
                    long wait = start + produced.get() * 1_000_000_000L / rate - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(Duration.ofNanos(wait));
                    }
                    int n = (int) Math.min(slice, total - produced.get());
                    peer.add(c, produced.get(), n);
                    produced.addAndGet(n);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        deadline = streamWait > 0 ? System.nanoTime() + (stream + streamWait) * 1_000_000_000L : Long.MAX_VALUE;
        long done;
        try {
            done = peer.runStream(total + backlog, timed) - backlogRun.get();
        } finally {
            deadline = Long.MAX_VALUE;
        }
        producer.join();
        if (backlog > 0) {
            System.out.printf(
                    "backlog: %d of %d rows run%s%n",
                    backlogRun.get(),
                    backlog,
                    backlogRun.get() == backlog
                            ? String.format(
                                    " in %.1f s beside the stream (%.0f rows/s)",
                                    (backlogDoneAt - began) / 1e9, backlog / ((backlogDoneAt - began) / 1e9))
                            : "");
        }
        long unrun = 0;
        if (done < total) {
            // rows due and not run when waiting stopped: their lateness so far is a lower bound
            try (Connection c = DriverManager.getConnection(url, "postgres", "postgres");
                    Statement s = c.createStatement();
                    var r = s.executeQuery(peer.overdue())) {
                while (r.next()) {
                    late.add(r.getLong(1));
                    unrun++;
                }
            }
        }
        ProcessCpu cpuAfter = cpuSeconds();
        double wall = (System.nanoTime() - wallBefore) / 1e9;
        System.out.printf(
                "stream CPU over %.0f s: JVM %.1f s (%.0f %% of a core), PostgreSQL %.1f s (%.0f %%)%n",
                wall,
                cpuAfter.jvm() - cpuBefore.jvm(),
                100 * (cpuAfter.jvm() - cpuBefore.jvm()) / wall,
                cpuAfter.postgres() - cpuBefore.postgres(),
                100 * (cpuAfter.postgres() - cpuBefore.postgres()) / wall);
        System.out.println(timeline(windows));
        if (profile) {
            System.out.println(costliest(url));
        }
        long[] sorted = late.stream().mapToLong(Long::longValue).sorted().toArray();
        double offered = produced.get() / (double) stream;
        String row = String.format(
                "| %s | %.0f | %d%s | %d | %d | %d |%n",
                peer.name() + (backlog > 0 ? " over a backlog of " + backlog : ""),
                offered,
                done,
                unrun == 0
                        ? ""
                        : " (+" + unrun + " overdue, not run when waiting stopped; percentiles are lower bounds)",
                percentile(sorted, 0.50),
                percentile(sorted, 0.99),
                sorted.length == 0 ? 0 : sorted[sorted.length - 1]);
        System.out.print("stream " + row);
        return row;
    }

    /** Reports a stream row's lateness ({@code s…} keys); counts a backlog row ({@code k…}) of part 2. */
    static void ranRow(String key, Instant dueAt, LongConsumer lateMs) {
        if (key.charAt(0) == 's') {
            lateMs.accept(Duration.between(dueAt, Instant.now()).toMillis());
        } else if (backlog > 0 && backlogRun.incrementAndGet() == backlog) {
            backlogDoneAt = System.nanoTime();
        }
    }

    /** CPU seconds so far of this JVM and of B4's embedded PostgreSQL. */
    static ProcessCpu cpuSeconds() {
        return ProcessCpu.now(ProcessCpu.postmasterOf(
                Path.of("target", "b4-pg").toAbsolutePath().toString()));
    }

    /** Rows run per 10 s window of a stream, with their lateness p50/p99/max in ms. */
    static String timeline(ConcurrentLinkedQueue<long[]> windows) {
        Map<Long, List<Long>> byWindow = new java.util.TreeMap<>();
        for (long[] w : windows) {
            byWindow.computeIfAbsent(w[0], k -> new ArrayList<>()).add(w[1]);
        }
        StringBuilder out = new StringBuilder("  window   rows run   p50 ms   p99 ms   max ms\n");
        byWindow.forEach((window, all) -> {
            long[] sorted = all.stream().mapToLong(Long::longValue).sorted().toArray();
            out.append(String.format(
                    "  %3d-%3d s %9d %8d %8d %8d%n",
                    window * 10,
                    window * 10 + 10,
                    sorted.length,
                    percentile(sorted, 0.5),
                    percentile(sorted, 0.99),
                    sorted[sorted.length - 1]));
        });
        return out.toString();
    }

    interface Peer {
        String name();

        void load(String url, int rows, Instant dueAt) throws SQLException;

        /** Runs until {@code rows} rows have run; answers how many ran. */
        long drain(int rows) throws Exception;

        /** Adds {@code n} rows due 0–60 s from now, keys from {@code first}. */
        void add(Connection c, long first, int n) throws SQLException;

        /** Runs rows as they fall due until {@code rows} have run, reporting each one's lateness in ms. */
        long runStream(long rows, LongConsumer lateMs) throws Exception;

        /** A query answering, in ms, how late each row still due and not run is. */
        String overdue();
    }

    /**
     * Moat's production runner, driven like {@code ScheduleWorkers}: the application's default worker count ({@code moatWorkers}), rest 100 ms when idle. The handler
     * writes only to the database, so it runs in the taken mode (rows deleted in the transaction that runs them) as
     * journey steps do; {@code peers=moat-leased} adds the leased mode (claim with a lease, complete with an update),
     * which kinds calling WeCom use.
     */
    static final class MoatPeer implements Peer {

        private final HikariDataSource app;
        private final JdbcClient jdbc;
        private final boolean taken;
        private final int workerThreads;
        private final Duration freshWindow;
        private final String variant;
        private volatile LongConsumer lateness = ms -> {};

        MoatPeer(HikariDataSource app, boolean taken) {
            this(app, taken, moatWorkers, BenchScheduleRunner.freshWindow, "");
        }

        /** A variant beside the configured peer in the same rounds (workers, fresh window), named by {@code variant}. */
        MoatPeer(HikariDataSource app, boolean taken, int workers, Duration freshWindow, String variant) {
            this.app = app;
            this.jdbc = JdbcClient.create(app);
            this.taken = taken;
            this.workerThreads = workers;
            this.freshWindow = freshWindow;
            this.variant = variant;
        }

        @Override
        public String name() {
            return (taken ? "Moat shared.schedule (taken)" : "Moat shared.schedule (leased)") + variant;
        }

        @Override
        public void load(String url, int rows, Instant dueAt) throws SQLException {
            try (Connection c = DriverManager.getConnection(url, "postgres", "postgres");
                    PreparedStatement insert = c.prepareStatement("""
                            insert into shared.due_work (tenant_id, kind, key, payload, due_at, created_at)
                            select ?, ?, 'k' || g, '{}', ?, now() from generate_series(1, ?) g
                            """)) {
                insert.setLong(1, TENANT);
                insert.setString(2, KIND);
                insert.setTimestamp(3, Timestamp.from(dueAt));
                insert.setInt(4, rows);
                insert.executeUpdate();
            }
        }

        @Override
        public void add(Connection c, long first, int n) throws SQLException {
            try (PreparedStatement insert = c.prepareStatement("""
                    insert into shared.due_work (tenant_id, kind, key, payload, due_at, created_at)
                    select ?, ?, 's' || g, '{}', now() + random() * interval '60 seconds', now()
                    from generate_series(?, ?) g
                    """)) {
                insert.setLong(1, TENANT);
                insert.setString(2, KIND);
                insert.setLong(3, first);
                insert.setLong(4, first + n - 1);
                insert.executeUpdate();
            }
        }

        @Override
        public long drain(int rows) throws Exception {
            return run(rows);
        }

        @Override
        public String overdue() {
            return "select (extract(epoch from now() - due_at) * 1000)::bigint from shared.due_work"
                    + " where state = 'due' and due_at < now() and key like 's%'";
        }

        @Override
        public long runStream(long rows, LongConsumer lateMs) throws Exception {
            lateness = lateMs;
            try {
                return run(rows);
            } finally {
                lateness = ms -> {};
            }
        }

        private long run(long rows) throws InterruptedException {
            Duration configured = BenchScheduleRunner.freshWindow;
            BenchScheduleRunner.freshWindow = freshWindow;
            DueWorkRunner runner = BenchScheduleRunner.create(app, new EffectHandler(), 500);
            BenchScheduleRunner.freshWindow = configured;
            var ran = new AtomicLong();
            List<Thread> workers = new ArrayList<>();
            for (int i = 0; i < workerThreads; i++) {
                workers.add(Thread.ofPlatform().name("moat-worker-" + i).start(() -> {
                    while (ran.get() < rows && System.nanoTime() < deadline) {
                        int claimed = runner.runDue(Instant.now());
                        ran.addAndGet(claimed);
                        if (claimed == 0) {
                            pause(100);
                        }
                    }
                }));
            }
            for (Thread worker : workers) {
                worker.join();
            }
            return ran.get();
        }

        /** The no-op send: one effect row, written in the transaction that completes the due row. */
        final class EffectHandler implements DueWorkHandler {
            @Override
            public String kind() {
                return KIND;
            }

            @Override
            public boolean effectsOnlyInDatabase() {
                return taken;
            }

            @Override
            public Outcome handle(DueWork work) {
                ranRow(work.key(), work.dueAt(), lateness);
                jdbc.sql("insert into bench.b4_effect (key) values (?)")
                        .param(work.key())
                        .update();
                return Outcome.done();
            }
        }
    }

    /** db-scheduler 15 with its default thread pool and a 100 ms polling interval (Moat's idle rest). */
    static final class DbSchedulerPeer implements Peer {

        private final HikariDataSource app;
        private final String name;
        private final boolean lockAndFetch;
        private final int threads;

        DbSchedulerPeer(HikariDataSource app, String name, boolean lockAndFetch, int threads) {
            this.app = app;
            this.name = name;
            this.lockAndFetch = lockAndFetch;
            this.threads = threads;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void load(String url, int rows, Instant dueAt) throws SQLException {
            try (Connection c = DriverManager.getConnection(url, "postgres", "postgres");
                    PreparedStatement insert = c.prepareStatement("""
                            insert into bench.scheduled_tasks (task_name, task_instance, execution_time, picked, version)
                            select ?, 'k' || g, ?, false, 1 from generate_series(1, ?) g
                            """)) {
                insert.setString(1, KIND);
                insert.setTimestamp(2, Timestamp.from(dueAt));
                insert.setInt(3, rows);
                insert.executeUpdate();
            }
        }

        @Override
        public void add(Connection c, long first, int n) throws SQLException {
            try (PreparedStatement insert = c.prepareStatement("""
                    insert into bench.scheduled_tasks (task_name, task_instance, execution_time, picked, version)
                    select ?, 's' || g, now() + random() * interval '60 seconds', false, 1
                    from generate_series(?, ?) g
                    """)) {
                insert.setString(1, KIND);
                insert.setLong(2, first);
                insert.setLong(3, first + n - 1);
                insert.executeUpdate();
            }
        }

        @Override
        public long drain(int rows) throws Exception {
            return run(rows, ms -> {});
        }

        @Override
        public String overdue() {
            return "select (extract(epoch from now() - execution_time) * 1000)::bigint from bench.scheduled_tasks"
                    + " where execution_time < now() and task_instance like 's%'";
        }

        @Override
        public long runStream(long rows, LongConsumer lateMs) throws Exception {
            return run(rows, lateMs);
        }

        private long run(long rows, LongConsumer lateMs) throws InterruptedException {
            var ran = new AtomicLong();
            JdbcClient jdbc = JdbcClient.create(app);
            OneTimeTask<Void> task = Tasks.oneTime(KIND).execute((instance, context) -> {
                ranRow(instance.getId(), context.getExecution().executionTime, lateMs);
                jdbc.sql("insert into bench.b4_effect (key) values (?)")
                        .param(instance.getId())
                        .update();
                ran.incrementAndGet();
            });
            var builder = Scheduler.create(app, task)
                    .tableName("bench.scheduled_tasks")
                    .threads(threads)
                    .pollingInterval(Duration.ofMillis(100))
                    .shutdownMaxWait(Duration.ofSeconds(5));
            builder = lockAndFetch
                    ? builder.pollUsingLockAndFetch(0.5, 3.0)
                    : builder.pollUsingFetchAndLockOnExecute(0.5, 3.0);
            Scheduler scheduler = builder.build();
            scheduler.start();
            try {
                while (ran.get() < rows && System.nanoTime() < deadline) {
                    pause(5);
                }
            } finally {
                scheduler.stop();
            }
            return ran.get();
        }
    }

    static String prepare(EmbeddedPostgres postgres) throws SQLException {
        try (Connection c = postgres.getPostgresDatabase().getConnection();
                Statement s = c.createStatement()) {
            s.execute("create database moat");
            s.execute("create role " + APP + " login nosuperuser nobypassrls password 'moat'");
        }
        String url = "jdbc:postgresql://localhost:" + postgres.getPort() + "/moat";
        Flyway.configure()
                .dataSource(url, "postgres", "postgres")
                .locations("classpath:db/migration")
                .placeholders(Map.of("app_role", APP))
                .load()
                .migrate();
        execute(url, """
                create schema bench;
                grant usage on schema bench to moat_app;
                create table bench.b4_effect (key text not null);
                grant insert on bench.b4_effect to moat_app;
                -- db-scheduler's table as its documentation gives it for PostgreSQL
                create table bench.scheduled_tasks (
                    task_name            text not null,
                    task_instance        text not null,
                    task_data            bytea,
                    execution_time       timestamptz not null,
                    picked               boolean not null,
                    picked_by            text,
                    last_success         timestamptz,
                    last_failure         timestamptz,
                    consecutive_failures int,
                    last_heartbeat       timestamptz,
                    version              bigint not null,
                    priority             smallint,
                    primary key (task_name, task_instance)
                );
                create index execution_time_idx on bench.scheduled_tasks (execution_time);
                create index last_heartbeat_idx on bench.scheduled_tasks (last_heartbeat);
                create index priority_execution_time_idx on bench.scheduled_tasks (priority desc, execution_time asc);
                grant select, insert, update, delete on bench.scheduled_tasks to moat_app;
                """);
        return url;
    }

    /**
     * The plan of one claim and one completion as the application's role runs them (row-level security on, in the
     * workers' scope), in a transaction that is rolled back.
     */
    static String claimPlan(HikariDataSource app) throws SQLException {
        StringBuilder out = new StringBuilder();
        try (Connection c = app.getConnection();
                Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.execute("select set_config('moat.schedule', 'on', true)");
            s.execute("select set_config('enable_sort', 'off', true)"); // as DueWorkClaims does
            for (String sql : List.of("""
                    explain (analyze, buffers, costs off)
                    update shared.due_work d
                    set lease_owner = 'x', lease_until = now() + interval '60 s', fence = d.fence + 1,
                        attempts = d.attempts + 1
                    from (select tenant_id, id from shared.due_work
                          where state = 'due' and due_at <= now()
                            and (lease_until is null or lease_until <= now())
                            and kind = 'bench.send'
                          order by due_at, id limit 500 for update skip locked) c
                    where d.tenant_id = c.tenant_id and d.id = c.id
                    """, """
                    explain (analyze, buffers, costs off)
                    delete from shared.due_work d
                    using (select tenant_id, id from shared.due_work
                           where state = 'due' and due_at <= now()
                             and (lease_until is null or lease_until <= now())
                             and kind = 'bench.send'
                           order by due_at, id limit 500 for update skip locked) c
                    where d.tenant_id = c.tenant_id and d.id = c.id
                    returning d.tenant_id, d.id, d.kind, d.key, d.payload::text, d.due_at, d.attempts + 1, d.fence
                    """, """
                    explain (analyze, buffers, costs off)
                    update shared.due_work d
                    set state = 'done', finished_at = now(), lease_owner = null, lease_until = null
                    from unnest(array(select tenant_id from shared.due_work where lease_owner = 'x'),
                                array(select id from shared.due_work where lease_owner = 'x')) as c(tenant_id, id)
                    where d.tenant_id = c.tenant_id and d.id = c.id
                    """)) {
                try (var r = s.executeQuery(sql)) {
                    while (r.next()) {
                        out.append("  ").append(r.getString(1)).append('\n');
                    }
                }
            }
            c.rollback();
        }
        return out.toString();
    }

    /** The ten statements with the most execution time since the last reset, from pg_stat_statements. */
    static String costliest(String url) throws SQLException {
        StringBuilder out = new StringBuilder();
        try (Connection c = DriverManager.getConnection(url, "postgres", "postgres");
                Statement s = c.createStatement();
                var r = s.executeQuery("""
                        select calls, round(total_exec_time::numeric, 0), rows,
                               regexp_replace(left(query, 160), '\\s+', ' ', 'g')
                        from pg_stat_statements order by total_exec_time desc limit 10
                        """)) {
            while (r.next()) {
                out.append(String.format(
                        "  %8d calls %9s ms %9d rows  %s%n",
                        r.getLong(1), r.getString(2), r.getLong(3), r.getString(4)));
            }
        }
        return out.toString();
    }

    static void reset(String url) throws SQLException {
        execute(
                url,
                "truncate shared.due_work, shared.due_work_done, bench.scheduled_tasks, bench.b4_effect; checkpoint");
    }

    static void vacuum(String url) throws SQLException {
        execute(
                url,
                "vacuum analyze shared.due_work; vacuum analyze shared.due_work_done;"
                        + " vacuum analyze bench.scheduled_tasks");
    }

    static long effects(String url) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, "postgres", "postgres");
                Statement s = c.createStatement();
                var r = s.executeQuery("select count(*), count(distinct key) from bench.b4_effect")) {
            r.next();
            if (r.getLong(1) != r.getLong(2)) {
                throw new IllegalStateException(r.getLong(1) - r.getLong(2) + " rows ran twice");
            }
            return r.getLong(1);
        }
    }

    static String show(String url, String setting) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, "postgres", "postgres");
                Statement s = c.createStatement();
                var r = s.executeQuery("show " + setting)) {
            r.next();
            return r.getString(1);
        }
    }

    static void execute(String url, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, "postgres", "postgres");
                Statement s = c.createStatement()) {
            for (String statement : sql.split(";")) {
                if (!statement.isBlank()) {
                    s.execute(statement);
                }
            }
        }
    }

    static HikariDataSource pool(String url, int size) {
        var config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(APP);
        config.setPassword("moat");
        config.setMaximumPoolSize(size);
        config.setAutoCommit(true);
        return new HikariDataSource(config);
    }

    static double median(List<Double> values) {
        double[] sorted =
                values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    static Map<String, String> options(String spec) {
        Map<String, String> options = new HashMap<>();
        Arrays.stream(spec.split(","))
                .filter(s -> s.contains("="))
                .forEach(s -> options.put(
                        s.substring(0, s.indexOf('=')).trim(),
                        s.substring(s.indexOf('=') + 1).trim()));
        return options;
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private ScheduleBenchmark() {}
}
