package io.moat.bench;

import io.moat.customers.value.OrderStates;
import io.moat.customers.value.RfmEngine;
import io.moat.customers.value.RfmScores;
import io.moat.customers.value.RfmScoring;
import io.moat.customers.value.RfmTable;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * B5 (shared/benchmarks.md): 10M orders over 1M customers; R, F, M, quintile scores and segments. Peers on the same
 * seeded data in the same run: Moat's {@link RfmEngine}, plain Java arrays scored by {@link RfmScoring#quintiles},
 * DuckDB in-process and an embedded PostgreSQL 17. Each timing is the median of {@code -Druns=7} runs after
 * {@code -Dwarmups=3} (the databases: 5 after 1); every peer's buyers, score and segment counts and a checksum of
 * every buyer's scores must equal Moat's, or the run fails.
 */
public final class RfmBenchmark {

    private static final int CUSTOMERS = Integer.getInteger("customers", 1_000_000);
    private static final int ORDERS = Integer.getInteger("orders", 10_000_000);
    private static final int NEW_ORDERS = Integer.getInteger("newOrders", 100_000);
    private static final int REFUNDS = Integer.getInteger("refunds", 5_000);
    private static final int WARMUPS = Integer.getInteger("warmups", 3);
    private static final int RUNS = Integer.getInteger("runs", 5);
    private static final int DB_WARMUPS = Integer.getInteger("dbWarmups", 1);

    private final Map<String, Double> medians = new LinkedHashMap<>();
    private final Map<String, List<Double>> samples = new LinkedHashMap<>();
    private final RfmData data;

    private RfmBenchmark(RfmData data) {
        this.data = data;
    }

    public static void main(String[] args) throws Exception {
        System.out.printf(
                "B5 RFM: %,d customers, %,d orders, delta %,d new + %,d refunds; %d processors, java %s, max heap %d MB%n",
                CUSTOMERS,
                ORDERS,
                NEW_ORDERS,
                REFUNDS,
                Runtime.getRuntime().availableProcessors(),
                Runtime.version(),
                Runtime.getRuntime().maxMemory() >> 20);
        long start = System.nanoTime();
        RfmData data = RfmData.generate(CUSTOMERS, ORDERS, NEW_ORDERS, REFUNDS, 20261122L);
        System.out.printf("generated in %.1f s%n", (System.nanoTime() - start) / 1e9);
        new RfmBenchmark(data).run();
    }

    /**
     * Loads both databases and checks every peer against Moat, then times in rounds: each round runs every peer
     * once, so that a noisy neighbour slows all peers alike rather than one of them.
     */
    private void run() throws Exception {
        for (int warmup = 0; warmup < WARMUPS; warmup++) {
            engineRun();
            javaRun();
        }
        RfmSummary moat = engineSummary();
        javaCheck(moat);
        try (var duck = duckDb();
                EmbeddedPostgres pg = postgres();
                Connection postgres = pg.getPostgresDatabase().getConnection()) {
            loadPostgres(postgres);
            compare(moat, duck, "DuckDB", "//");
            compare(moat, postgres, "PostgreSQL", "/");
            for (int round = 0; round < DB_WARMUPS + RUNS; round++) {
                boolean measured = round >= DB_WARMUPS;
                add(measured, engineRun());
                add(measured, javaRun());
                add(measured, timed("duckdb.aggregate", () -> query(duck, RfmSql.TIMED_AGGREGATE)));
                add(measured, timed("duckdb.aggregateAndScore", () -> query(duck, RfmSql.timedScoring("//"))));
                add(measured, timed("postgres.aggregate", () -> query(postgres, RfmSql.TIMED_AGGREGATE)));
                add(measured, timed("postgres.aggregateAndScore", () -> query(postgres, RfmSql.timedScoring("/"))));
                System.out.printf("round %d done%n", round + 1);
            }
        }
        samples.forEach(this::record);
        report();
    }

    private void add(boolean measured, Map<String, Double> timings) {
        // Each piece as it is timed, so that a run stopped part-way (a quiet slot ending) still leaves its rounds.
        timings.forEach((name, ms) ->
                System.out.printf(java.util.Locale.ROOT, "  %s%s %.1f ms%n", measured ? "" : "(warm-up) ", name, ms));
        if (measured) {
            timings.forEach((name, ms) ->
                    samples.computeIfAbsent(name, n -> new ArrayList<>()).add(ms));
        }
    }

    private static Map<String, Double> timed(String name, Callable<Long> query) throws Exception {
        long t0 = System.nanoTime();
        query.call();
        return Map.of(name, ms(t0, System.nanoTime()));
    }

    /** Builds the engine from all orders and scores; then applies the delta and scores again. */
    private Map<String, Double> engineRun() {
        gc();
        var engine = new RfmEngine();
        long t0 = System.nanoTime();
        engine.apply(data.orders());
        long t1 = System.nanoTime();
        RfmTable table = engine.score();
        long t2 = System.nanoTime();
        engine.apply(data.delta());
        long t3 = System.nanoTime();
        RfmTable rescored = engine.score();
        long t4 = System.nanoTime();
        if (table.buyers() == 0 || rescored.buyers() == 0) {
            throw new IllegalStateException("no buyers");
        }
        Map<String, Double> timings = new LinkedHashMap<>();
        timings.put("moat.build", ms(t0, t1));
        timings.put("moat.score", ms(t1, t2));
        timings.put("moat.buildAndScore", ms(t0, t2));
        timings.put("moat.applyDelta", ms(t2, t3));
        timings.put("moat.rescore", ms(t3, t4));
        return timings;
    }

    private RfmSummary engineSummary() {
        var engine = new RfmEngine();
        engine.apply(data.orders());
        RfmSummary summary = summarize(engine, engine.score());
        System.out.println("Moat engine, base:        " + summary);
        engine.apply(data.delta());
        System.out.println("Moat engine, after delta: " + summarize(engine, engine.score()));
        return summary;
    }

    private static RfmSummary summarize(RfmEngine engine, RfmTable table) {
        var summary = new RfmSummary();
        long counting = 0;
        long net = 0;
        long days = 0;
        for (int c = 0; c < engine.customers(); c++) {
            if (engine.isBuyer(c)) {
                counting += engine.frequency(c);
                net += engine.netFen(c);
                days += RfmData.TODAY - engine.recencyDays(c, RfmData.TODAY);
                RfmScores s = table.scores(c);
                summary.scored(s.recency(), s.frequency(), s.monetary(), 1, c);
            }
        }
        summary.aggregate(engine.buyers(), counting, net, days);
        return summary;
    }

    /** The plain peer's aggregates: primitive arrays indexed by customer. */
    private record Plain(int[] last, int[] count, long[] spend) {}

    private Plain aggregatePlain() {
        int[] last = new int[CUSTOMERS];
        int[] count = new int[CUSTOMERS];
        long[] spend = new long[CUSTOMERS];
        OrderStates o = data.orders();
        for (int i = 0; i < o.size(); i++) {
            long net = o.netFen()[i];
            if (net > 0) {
                int c = o.customerNo()[i];
                count[c]++;
                spend[c] += net;
                last[c] = Math.max(last[c], o.paidDay()[i]);
            }
        }
        return new Plain(last, count, spend);
    }

    /** Buyers' numbers and the production reference scores, in the same order. */
    private record PlainScores(int[] buyers, RfmScores[] scores) {}

    private static PlainScores scorePlain(Plain plain) {
        int n = 0;
        for (int c : plain.count()) {
            n += c > 0 ? 1 : 0;
        }
        int[] buyer = new int[n];
        long[] r = new long[n];
        long[] f = new long[n];
        long[] m = new long[n];
        for (int c = 0, i = 0; c < plain.count().length; c++) {
            if (plain.count()[c] > 0) {
                buyer[i] = c;
                r[i] = RfmData.TODAY - plain.last()[c];
                f[i] = plain.count()[c];
                m[i++] = plain.spend()[c];
            }
        }
        return new PlainScores(buyer, RfmScoring.quintiles(r, f, m));
    }

    private Map<String, Double> javaRun() {
        gc();
        long t0 = System.nanoTime();
        Plain plain = aggregatePlain();
        long t1 = System.nanoTime();
        PlainScores scores = scorePlain(plain);
        long t2 = System.nanoTime();
        if (scores.buyers().length == 0) {
            throw new IllegalStateException("no buyers");
        }
        return Map.of("java.aggregate", ms(t0, t1), "java.aggregateAndScore", ms(t0, t2));
    }

    private void javaCheck(RfmSummary moat) {
        Plain plain = aggregatePlain();
        PlainScores scored = scorePlain(plain);
        var summary = new RfmSummary();
        long counting = 0;
        long net = 0;
        long days = 0;
        for (int c : scored.buyers()) {
            counting += plain.count()[c];
            net += plain.spend()[c];
            days += plain.last()[c];
        }
        summary.aggregate(scored.buyers().length, counting, net, days);
        for (int i = 0; i < scored.buyers().length; i++) {
            RfmScores s = scored.scores()[i];
            summary.scored(s.recency(), s.frequency(), s.monetary(), 1, scored.buyers()[i]);
        }
        moat.requireSame(summary, "Java arrays + RfmScoring");
        System.out.println("Java arrays + RfmScoring agree with Moat");
    }

    private DuckDBConnection duckDb() throws SQLException {
        var connection = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:");
        String version = queryString(connection, "select version()");
        execute(
                connection,
                "create table orders (order_no integer, customer_no integer, paid_day integer," + " net_fen bigint)");
        long t0 = System.nanoTime();
        try (DuckDBAppender appender = connection.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "orders")) {
            OrderStates o = data.orders();
            for (int i = 0; i < o.size(); i++) {
                appender.beginRow();
                appender.append(o.orderNo()[i]);
                appender.append(o.customerNo()[i]);
                appender.append(o.paidDay()[i]);
                appender.append(o.netFen()[i]);
                appender.endRow();
            }
        }
        System.out.printf(
                "DuckDB %s (threads %s, memory_limit %s): loaded by Appender in %.1f s%n",
                version,
                queryString(connection, "select current_setting('threads')"),
                queryString(connection, "select current_setting('memory_limit')"),
                (System.nanoTime() - t0) / 1e9);
        return connection;
    }

    private static EmbeddedPostgres postgres() throws java.io.IOException {
        return EmbeddedPostgres.builder()
                .setServerConfig("shared_buffers", System.getProperty("pg.sharedBuffers", "4GB"))
                .setServerConfig("work_mem", "256MB")
                .setServerConfig("max_wal_size", "8GB")
                .setServerConfig("synchronous_commit", "off")
                .setPGStartupWait(java.time.Duration.ofSeconds(60))
                .start();
    }

    private void loadPostgres(Connection connection) throws SQLException {
        String version = queryString(connection, "show server_version");
        execute(
                connection,
                "create table orders (order_no integer, customer_no integer, paid_day integer," + " net_fen bigint)");
        long t0 = System.nanoTime();
        copy(connection);
        execute(connection, "vacuum analyze orders");
        execute(connection, "checkpoint");
        System.out.printf(
                "PostgreSQL %s (shared_buffers %s, work_mem %s, parallel workers/gather %s): COPY + vacuum"
                        + " analyze in %.1f s%n",
                version,
                queryString(connection, "show shared_buffers"),
                queryString(connection, "show work_mem"),
                queryString(connection, "show max_parallel_workers_per_gather"),
                (System.nanoTime() - t0) / 1e9);
    }

    private void copy(Connection connection) throws SQLException {
        CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn("copy orders from stdin");
        var line = new StringBuilder(1 << 20);
        OrderStates o = data.orders();
        for (int i = 0; i < o.size(); i++) {
            line.append(o.orderNo()[i]).append('\t').append(o.customerNo()[i]).append('\t');
            line.append(o.paidDay()[i]).append('\t').append(o.netFen()[i]).append('\n');
            if (line.length() > (1 << 20) - 100 || i == o.size() - 1) {
                byte[] bytes = line.toString().getBytes(StandardCharsets.US_ASCII);
                copy.writeToCopy(bytes, 0, bytes.length);
                line.setLength(0);
            }
        }
        copy.endCopy();
    }

    /** Fails the run unless the peer's aggregates, score and segment counts and checksum equal Moat's. */
    private static void compare(RfmSummary moat, Connection connection, String peer, String div) throws SQLException {
        var summary = new RfmSummary();
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery(RfmSql.TIMED_AGGREGATE)) {
            rs.next();
            summary.aggregate(rs.getLong(1), rs.getLong(3), rs.getLong(4), rs.getLong(2));
        }
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery(RfmSql.summary(div))) {
            while (rs.next()) {
                summary.scored(rs.getInt(1), rs.getInt(2), rs.getInt(3), rs.getLong(4), rs.getLong(5));
            }
        }
        moat.requireSame(summary, peer);
        long[] segments = new long[1];
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery(RfmSql.timedScoring(div))) {
            rs.next();
            segments[0] = rs.getLong(3);
        }
        if (segments[0] != moat.checksum) {
            throw new IllegalStateException(peer + "'s timed scoring query checksum " + segments[0] + " != " + moat);
        }
        System.out.println(peer + " agrees with Moat");
    }

    private static long query(Connection connection, String sql) throws SQLException {
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String queryString(Connection connection, String sql) throws SQLException {
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(sql);
        }
    }

    private void record(String name, List<Double> runs) {
        double[] values =
                runs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double median = values.length % 2 == 1
                ? values[values.length / 2]
                : (values[values.length / 2 - 1] + values[values.length / 2]) / 2;
        medians.put(name, median);
        System.out.printf("%-26s median %9.1f ms   runs %s%n", name, median, Arrays.toString(round(values)));
    }

    private void report() {
        System.out.println();
        System.out.println("| piece | Moat (ms) | peer | peer (ms) | peer ÷ Moat |");
        System.out.println("|---|---:|---|---:|---:|");
        row("aggregate", "moat.build", "java.aggregate", "duckdb.aggregate", "postgres.aggregate");
        row(
                "aggregate + scores",
                "moat.buildAndScore",
                "java.aggregateAndScore",
                "duckdb.aggregateAndScore",
                "postgres.aggregateAndScore");
        System.out.printf(
                "%nincremental: apply %,d new orders + %,d refunds %.1f ms (target ≤ 50 ms), re-score all buyers %.1f ms%n",
                NEW_ORDERS, REFUNDS, medians.get("moat.applyDelta"), medians.get("moat.rescore"));
    }

    private void row(String piece, String moatKey, String... peers) {
        double moat = medians.get(moatKey);
        for (String peer : peers) {
            double theirs = medians.get(peer);
            System.out.printf("| %s | %.1f | %s | %.1f | %.2f× |%n", piece, moat, peer, theirs, theirs / moat);
        }
    }

    private static double ms(long from, long to) {
        return (to - from) / 1e6;
    }

    private static double[] round(double[] values) {
        return Arrays.stream(values).map(v -> Math.round(v * 10) / 10.0).toArray();
    }

    private static void gc() {
        System.gc();
    }
}
