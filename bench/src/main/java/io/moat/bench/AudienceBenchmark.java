package io.moat.bench;

import io.moat.audiences.AudienceCondition;
import io.moat.audiences.AudienceCondition.All;
import io.moat.audiences.AudienceCondition.Any;
import io.moat.audiences.AudienceCondition.HasTags;
import io.moat.audiences.AudienceCondition.Not;
import io.moat.audiences.AudienceCondition.TagMatch;
import io.moat.audiences.internal.Selection;
import io.moat.audiences.internal.TenantIndex;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.roaringbitmap.RoaringBitmap;
import org.roaringbitmap.RoaringBitmapWriter;

/**
 * B1 (shared/benchmarks.md): customers × 50 tags (densities 0.5–50 %, geometric), seven query shapes. Peers on the
 * same seeded data in the same run: Moat's audience index ({@link Selection} over {@link TenantIndex} tag bitmaps),
 * a raw {@code long[]} bitset scan per query (the floor), DuckDB in-process (wide boolean table) and, when asked for,
 * an embedded PostgreSQL 17 (wide boolean table; {@code int[]} + GIN). Every peer's cardinality must equal Moat's or
 * the run fails. Medians of {@code -Druns=5} rounds after {@code -Dwarmups=2}; each round runs every peer once. Moat's
 * counts go through {@link Selection#count} (chunk by chunk, no bitmap built), Q7 through {@link Selection#select}.
 */
public final class AudienceBenchmark {

    /**
     * Options, either as system properties ({@code -Dcustomers=…}) or in one JVM argument for the documented command,
     * {@code -Db1=customers=10000000,peers=moat+raw+duckdb+postgres,pg.sharedBuffers=2GB} (bench/README.md).
     */
    static final Map<String, String> OPTIONS = options();

    static final int CUSTOMERS = Integer.parseInt(option("customers", "10000000"));
    static final int TAGS = 50;
    static final int WARMUPS = Integer.parseInt(option("warmups", "2"));
    static final int RUNS = Integer.parseInt(option("runs", "5"));

    /**
     * Calls per measured run for the in-JVM peers (Moat and raw), which answer in well under a millisecond: a run is
     * their mean over this many back-to-back calls, so that one preemption on a shared machine does not decide it.
     * The native peers take far longer and are called once per run.
     */
    static final int REPEAT = Integer.parseInt(option("repeat", "1"));

    static final Set<String> PEERS = Set.of(option("peers", "moat,raw,duckdb").split("[,+]"));

    static Map<String, String> options() {
        Map<String, String> options = new HashMap<>();
        for (String option : System.getProperty("b1", "").split(",")) {
            int eq = option.indexOf('=');
            if (eq > 0) {
                options.put(
                        option.substring(0, eq).trim(), option.substring(eq + 1).trim());
            }
        }
        return options;
    }

    static String option(String name, String otherwise) {
        return OPTIONS.getOrDefault(name, System.getProperty(name, otherwise));
    }

    /** The machine's load average (other helpers share it), for the report. */
    static String load() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg"))
                    .trim();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    /** tag i has density 0.005 · 100^(i/49): 0.5 % … 50 %. */
    static double density(int tag) {
        return 0.005 * Math.pow(100, tag / 49.0);
    }

    final long[][] bits = new long[TAGS][];
    final int words = (CUSTOMERS + 1 + 63) / 64;
    TenantIndex index;

    public static void main(String[] args) throws Exception {
        System.out.printf(
                "B1: %,d customers × %d tags, %d processors, max heap %d MB, peers %s%n",
                CUSTOMERS,
                TAGS,
                Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20,
                PEERS);
        System.out.println("load average at start: " + load());
        new AudienceBenchmark().run();
        System.out.println("load average at end: " + load());
    }

    record Query(String name, AudienceCondition condition, String sql, String arraySql) {}

    List<Query> queries() {
        List<Query> q = new ArrayList<>();
        q.add(new Query("Q1 2-tag AND", all(tag(25), tag(40)), "t25 and t40", "tags @> array[25,40]"));
        q.add(new Query(
                "Q2 5-tag expression",
                all(any(tag(10), tag(20)), tag(30), new Not(tag(5)), tag(45)),
                "(t10 or t20) and t30 and not t5 and t45",
                "tags && array[10,20] and tags @> array[30,45] and not tags @> array[5]"));
        q.add(new Query(
                "Q3 OR of 50",
                new HasTags(TagMatch.ANY, range(0, 50)),
                IntStream.range(0, 50).mapToObj(i -> "t" + i).collect(Collectors.joining(" or ")),
                "tags && array[" + ids(0, 50) + "]"));
        q.add(new Query(
                "Q4 AND of 10 dense",
                new HasTags(TagMatch.ALL, range(40, 50)),
                IntStream.range(40, 50).mapToObj(i -> "t" + i).collect(Collectors.joining(" and ")),
                "tags @> array[" + ids(40, 50) + "]"));
        List<AudienceCondition> pairs = new ArrayList<>();
        List<String> pairSql = new ArrayList<>();
        List<String> pairArray = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            pairs.add(all(tag(5 * i), tag(5 * i + 2)));
            pairSql.add("(t" + (5 * i) + " and t" + (5 * i + 2) + ")");
            pairArray.add("tags @> array[" + (5 * i) + "," + (5 * i + 2) + "]");
        }
        q.add(new Query(
                "Q5 OR of 10 pairwise ANDs",
                new Any(pairs),
                String.join(" or ", pairSql),
                String.join(" or ", pairArray)));
        List<AudienceCondition> groups = new ArrayList<>();
        List<String> groupSql = new ArrayList<>();
        List<String> groupArray = new ArrayList<>();
        for (int g = 0; g < 5; g++) {
            groups.add(new HasTags(TagMatch.ANY, range(10 * g, 10 * g + 10)));
            groupSql.add("("
                    + IntStream.range(10 * g, 10 * g + 10)
                            .mapToObj(i -> "t" + i)
                            .collect(Collectors.joining(" or ")) + ")");
            groupArray.add("tags && array[" + ids(10 * g, 10 * g + 10) + "]");
        }
        q.add(new Query(
                "Q6 AND of 5 OR-groups of 10",
                new All(groups),
                String.join(" and ", groupSql),
                String.join(" and ", groupArray)));
        return q;
    }

    void run() throws Exception {
        generate();
        List<Query> queries = queries();
        Instant now = Instant.now();
        DuckDBConnection duck = PEERS.contains("duckdb") ? duckDb() : null;
        EmbeddedPostgres pg = PEERS.contains("postgres") ? postgres() : null;
        Connection pgc = pg == null ? null : pg.getPostgresDatabase().getConnection();
        if (pgc != null) {
            loadPostgres(pgc);
        }
        compile(queries, now);
        System.out.println("load average before the rounds: " + load());
        Map<String, List<Double>> times = new LinkedHashMap<>();
        for (int round = 0; round < WARMUPS + RUNS; round++) {
            boolean measured = round >= WARMUPS;
            for (int qi = 0; qi < queries.size(); qi++) {
                Query query = queries.get(qi);
                int quer = qi;
                long expected = Selection.select(index, query.condition(), now).getLongCardinality();
                time(
                        times,
                        measured,
                        query.name(),
                        "moat",
                        expected,
                        () -> Selection.count(index, query.condition(), now));
                if (PEERS.contains("raw")) {
                    time(times, measured, query.name(), "raw", expected, () -> rawCount(quer));
                }
                if (duck != null) {
                    time(
                            times,
                            measured,
                            query.name(),
                            "duckdb",
                            expected,
                            () -> count(duck, "select count(*) from c where " + query.sql()));
                }
                if (pgc != null) {
                    time(
                            times,
                            measured,
                            query.name(),
                            "postgres.wide",
                            expected,
                            () -> count(pgc, "select count(*) from c where " + query.sql()));
                    time(
                            times,
                            measured,
                            query.name(),
                            "postgres.gin",
                            expected,
                            () -> count(pgc, "select count(*) from a where " + query.arraySql()));
                }
            }
            // Q7: materialize Q1's ids.
            Query q1 = queries.getFirst();
            long expected = Selection.select(index, q1.condition(), now).getLongCardinality();
            String q7 = "Q7 materialize Q1 ids";
            time(times, measured, q7, "moat", expected, () -> Selection.select(index, q1.condition(), now)
                    .toArray()
                    .length);
            if (PEERS.contains("raw")) {
                time(times, measured, q7, "raw", expected, () -> rawIds().length);
            }
            if (duck != null) {
                time(times, measured, q7, "duckdb", expected, () -> ids(duck, "select id from c where " + q1.sql()));
            }
            if (pgc != null) {
                time(
                        times,
                        measured,
                        q7,
                        "postgres.wide",
                        expected,
                        () -> ids(pgc, "select id from c where " + q1.sql()));
                time(
                        times,
                        measured,
                        q7,
                        "postgres.gin",
                        expected,
                        () -> ids(pgc, "select id from a where " + q1.arraySql()));
            }
            System.out.println("round " + round + " done, load average " + load());
        }
        report(times);
        if (pg != null) {
            pgc.close();
            pg.close();
        }
    }

    /**
     * Gets the JVM peers' code compiled before anything is measured: each Moat and raw query runs until it has run
     * {@code -Djit=200} times or for 3 s. The native peers (DuckDB, PostgreSQL) need no JIT; the warm-up rounds
     * warm everybody's caches.
     */
    void compile(List<Query> queries, Instant now) {
        int times = Integer.parseInt(option("jit", "200"));
        long t0 = System.nanoTime();
        for (int qi = 0; qi < queries.size(); qi++) {
            AudienceCondition condition = queries.get(qi).condition();
            long until = System.nanoTime() + 3_000_000_000L;
            for (int i = 0; i < times && System.nanoTime() < until; i++) {
                Selection.count(index, condition, now);
                if (PEERS.contains("raw")) {
                    rawCount(qi);
                }
            }
        }
        long until = System.nanoTime() + 3_000_000_000L;
        for (int i = 0; i < times && System.nanoTime() < until; i++) {
            Selection.select(index, queries.getFirst().condition(), now).toArray();
            if (PEERS.contains("raw")) {
                rawIds();
            }
        }
        System.out.printf("JVM peers compiled (warm-up calls) in %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }

    // ---- data ----

    void generate() {
        long t0 = System.nanoTime();
        SplittableRandom random = new SplittableRandom(42);
        RoaringBitmap live = new RoaringBitmap();
        live.add(1L, CUSTOMERS + 1L);
        Map<Long, RoaringBitmap> tags = new HashMap<>();
        long bitmapBytes = 0;
        for (int t = 0; t < TAGS; t++) {
            long[] set = new long[words];
            double d = density(t);
            RoaringBitmapWriter<RoaringBitmap> writer =
                    RoaringBitmapWriter.writer().get();
            for (int n = 1; n <= CUSTOMERS; n++) {
                if (random.nextDouble() < d) {
                    set[n >>> 6] |= 1L << n;
                    writer.add(n);
                }
            }
            bits[t] = set;
            tags.put((long) t, writer.get());
        }
        index = TenantIndex.ofTags(ZoneId.of("Asia/Shanghai"), live, tags);
        // Measured after the index has taken the bitmaps: it keeps dense chunks in words, in place.
        for (RoaringBitmap bitmap : tags.values()) {
            bitmapBytes += bitmap.getSizeInBytes();
        }
        System.out.printf(
                "generated in %.1f s; index memory: tag bitmaps %.1f MB vs plain bitsets %.1f MB%n",
                (System.nanoTime() - t0) / 1e9, bitmapBytes / 1e6, (double) TAGS * words * 8 / 1e6);
    }

    // ---- raw bitset floor: hand-written word loops over one long[] per tag ----

    /**
     * Words per block for the many-tag shapes: the block's result (8 KB) stays in L1 while each tag's words stream
     * through it once, so every tag is read sequentially at memory speed instead of 50 strided streams at once.
     */
    static final int BLOCK = 1024;

    long rawCount(int query) {
        long[][] b = bits;
        long count = 0;
        switch (query) {
            case 0 -> {
                long[] x = b[25];
                long[] y = b[40];
                for (int w = 0; w < words; w++) {
                    count += Long.bitCount(x[w] & y[w]);
                }
            }
            case 1 -> {
                long[] t10 = b[10];
                long[] t20 = b[20];
                long[] t30 = b[30];
                long[] t5 = b[5];
                long[] t45 = b[45];
                for (int w = 0; w < words; w++) {
                    count += Long.bitCount((t10[w] | t20[w]) & t30[w] & ~t5[w] & t45[w]);
                }
            }
            default -> {
                long[] acc = new long[BLOCK];
                long[] group = new long[BLOCK];
                for (int from = 0; from < words; from += BLOCK) {
                    int n = Math.min(BLOCK, words - from);
                    block(query, b, from, n, acc, group);
                    for (int i = 0; i < n; i++) {
                        count += Long.bitCount(acc[i]);
                    }
                }
            }
        }
        return count;
    }

    /** Q3–Q6 over words {@code from … from+n}, into {@code acc}. */
    static void block(int query, long[][] b, int from, int n, long[] acc, long[] group) {
        switch (query) {
            case 2 -> { // OR of 50
                System.arraycopy(b[0], from, acc, 0, n);
                for (int t = 1; t < 50; t++) {
                    or(acc, b[t], from, n);
                }
            }
            case 3 -> { // AND of t40 … t49
                System.arraycopy(b[40], from, acc, 0, n);
                for (int t = 41; t < 50; t++) {
                    long[] x = b[t];
                    for (int i = 0; i < n; i++) {
                        acc[i] &= x[from + i];
                    }
                }
            }
            case 4 -> { // OR of 10 pairwise ANDs
                java.util.Arrays.fill(acc, 0, n, 0L);
                for (int p = 0; p < 10; p++) {
                    long[] x = b[5 * p];
                    long[] y = b[5 * p + 2];
                    for (int i = 0; i < n; i++) {
                        acc[i] |= x[from + i] & y[from + i];
                    }
                }
            }
            default -> { // AND of 5 OR-groups of 10
                for (int g = 0; g < 5; g++) {
                    long[] target = g == 0 ? acc : group;
                    System.arraycopy(b[10 * g], from, target, 0, n);
                    for (int t = 10 * g + 1; t < 10 * g + 10; t++) {
                        or(target, b[t], from, n);
                    }
                    if (g > 0) {
                        for (int i = 0; i < n; i++) {
                            acc[i] &= group[i];
                        }
                    }
                }
            }
        }
    }

    private static void or(long[] acc, long[] x, int from, int n) {
        for (int i = 0; i < n; i++) {
            acc[i] |= x[from + i];
        }
    }

    /** Q7: Q1's members, collected as ids from the words. */
    int[] rawIds() {
        long[] x = bits[25];
        long[] y = bits[40];
        int[] out = new int[1 << 16];
        int size = 0;
        for (int w = 0; w < words; w++) {
            long word = x[w] & y[w];
            while (word != 0) {
                if (size == out.length) {
                    out = Arrays.copyOf(out, size * 2);
                }
                out[size++] = (w << 6) + Long.numberOfTrailingZeros(word);
                word &= word - 1;
            }
        }
        return Arrays.copyOf(out, size);
    }

    // ---- DuckDB: one wide table of booleans ----

    DuckDBConnection duckDb() throws SQLException {
        var connection = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:");
        execute(connection, "create table c (id integer, " + columns(" boolean") + ")");
        long t0 = System.nanoTime();
        try (DuckDBAppender appender = connection.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "c")) {
            for (int n = 1; n <= CUSTOMERS; n++) {
                appender.beginRow();
                appender.append(n);
                for (int t = 0; t < TAGS; t++) {
                    appender.append((bits[t][n >>> 6] & (1L << n)) != 0);
                }
                appender.endRow();
            }
        }
        System.out.printf(
                "DuckDB %s (threads %s): loaded by Appender in %.1f s%n",
                string(connection, "select version()"),
                string(connection, "select current_setting('threads')"),
                (System.nanoTime() - t0) / 1e9);
        return connection;
    }

    // ---- PostgreSQL: wide boolean table, and int[] of tag ids with a GIN index ----

    static EmbeddedPostgres postgres() throws java.io.IOException {
        return EmbeddedPostgres.builder()
                .setServerConfig("shared_buffers", option("pg.sharedBuffers", "2GB"))
                .setServerConfig("work_mem", "256MB")
                .setServerConfig("max_wal_size", "8GB")
                .setServerConfig("synchronous_commit", "off")
                .setPGStartupWait(java.time.Duration.ofSeconds(60))
                .start();
    }

    void loadPostgres(Connection connection) throws SQLException {
        long t0 = System.nanoTime();
        execute(connection, "create table c (id integer primary key, " + columns(" boolean not null") + ")");
        execute(connection, "create table a (id integer primary key, tags int[] not null)");
        CopyIn wide = connection.unwrap(PGConnection.class).getCopyAPI().copyIn("copy c from stdin");
        StringBuilder line = new StringBuilder(1 << 20);
        for (int n = 1; n <= CUSTOMERS; n++) {
            line.append(n);
            for (int t = 0; t < TAGS; t++) {
                line.append('\t').append((bits[t][n >>> 6] & (1L << n)) != 0 ? 't' : 'f');
            }
            line.append('\n');
            if (line.length() > (1 << 20) - 256 || n == CUSTOMERS) {
                byte[] bytes = line.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
                wide.writeToCopy(bytes, 0, bytes.length);
                line.setLength(0);
            }
        }
        wide.endCopy();
        CopyIn arrays = connection.unwrap(PGConnection.class).getCopyAPI().copyIn("copy a from stdin");
        for (int n = 1; n <= CUSTOMERS; n++) {
            line.append(n).append("\t{");
            boolean first = true;
            for (int t = 0; t < TAGS; t++) {
                if ((bits[t][n >>> 6] & (1L << n)) != 0) {
                    line.append(first ? "" : ",").append(t);
                    first = false;
                }
            }
            line.append("}\n");
            if (line.length() > (1 << 20) - 512 || n == CUSTOMERS) {
                byte[] bytes = line.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
                arrays.writeToCopy(bytes, 0, bytes.length);
                line.setLength(0);
            }
        }
        arrays.endCopy();
        execute(connection, "create index a_tags on a using gin (tags)");
        execute(connection, "vacuum analyze c");
        execute(connection, "vacuum analyze a");
        execute(connection, "checkpoint");
        System.out.printf(
                "PostgreSQL %s (shared_buffers %s, parallel workers/gather %s): COPY, GIN, vacuum analyze in %.1f s%n",
                string(connection, "show server_version"),
                string(connection, "show shared_buffers"),
                string(connection, "show max_parallel_workers_per_gather"),
                (System.nanoTime() - t0) / 1e9);
    }

    // ---- timing and report ----

    static void time(
            Map<String, List<Double>> times,
            boolean measured,
            String query,
            String peer,
            long expected,
            Callable<Number> work)
            throws Exception {
        int calls = peer.equals("moat") || peer.equals("raw") ? REPEAT : 1;
        long t0 = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            long got = work.call().longValue();
            if (got != expected) {
                throw new IllegalStateException(query + ": " + peer + " found " + got + ", Moat " + expected);
            }
        }
        double ms = (System.nanoTime() - t0) / 1e6 / calls;
        if (measured) {
            times.computeIfAbsent(query + "|" + peer, k -> new ArrayList<>()).add(ms);
        }
    }

    static void report(Map<String, List<Double>> times) {
        Map<String, Map<String, Double>> byQuery = new LinkedHashMap<>();
        times.forEach((key, list) -> {
            String[] parts = key.split("\\|");
            double[] sorted =
                    list.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            byQuery.computeIfAbsent(parts[0], k -> new LinkedHashMap<>()).put(parts[1], sorted[sorted.length / 2]);
        });
        System.out.println("| query | "
                + String.join(" | ", byQuery.values().iterator().next().keySet())
                + " | Moat vs raw | Moat speed-up over each peer |");
        byQuery.forEach((query, peers) -> {
            double moat = peers.get("moat");
            String row = peers.values().stream()
                    .map(ms -> String.format("%.3f ms", ms))
                    .collect(Collectors.joining(" | "));
            String ratios = peers.entrySet().stream()
                    .filter(e -> !e.getKey().equals("moat") && !e.getKey().equals("raw"))
                    .map(e -> String.format("%s %.0f×", e.getKey(), e.getValue() / moat))
                    .collect(Collectors.joining(", "));
            Double raw = peers.get("raw");
            System.out.println("| " + query + " | " + row + " | "
                    + (raw == null ? "—" : String.format("%.2f×", moat / raw)) + " | " + ratios + " |");
        });
    }

    // ---- helpers ----

    static AudienceCondition tag(int t) {
        return new HasTags(TagMatch.ANY, Set.of((long) t));
    }

    static AudienceCondition all(AudienceCondition... parts) {
        return new All(List.of(parts));
    }

    static AudienceCondition any(AudienceCondition... parts) {
        return new Any(List.of(parts));
    }

    static Set<Long> range(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> (long) i).collect(Collectors.toSet());
    }

    static String ids(int from, int to) {
        return IntStream.range(from, to).mapToObj(String::valueOf).collect(Collectors.joining(","));
    }

    static String columns(String type) {
        return IntStream.range(0, TAGS).mapToObj(t -> "t" + t + type).collect(Collectors.joining(", "));
    }

    static long count(Connection connection, String sql) throws SQLException {
        try (Statement s = connection.createStatement();
                ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    static int ids(Connection connection, String sql) throws SQLException {
        int[] ids = new int[1024];
        int size = 0;
        try (Statement s = connection.createStatement();
                ResultSet r = s.executeQuery(sql)) {
            while (r.next()) {
                if (size == ids.length) {
                    ids = Arrays.copyOf(ids, size * 2);
                }
                ids[size++] = r.getInt(1);
            }
        }
        return size;
    }

    static void execute(Connection connection, String sql) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(sql);
        }
    }

    static String string(Connection connection, String sql) throws SQLException {
        try (Statement s = connection.createStatement();
                ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getString(1);
        }
    }
}
