package io.moat.bench.ingest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * B3 order ingest (docs/benchmarks.md): the same seeded rows loaded by four peers into one embedded PostgreSQL 17,
 * then a per-customer profile upsert. Each round runs every peer once on an emptied table after a checkpoint, the
 * starting peer rotating between rounds; the first {@code --warmups} rounds are not counted. Prints per-run figures
 * and a Markdown table of medians (also written to {@code target/b3-results.md}), and fails if any peer ends with
 * other cardinalities than the rest.
 *
 * <p>Options, as arguments {@code --rows=2000000 --runs=5 --warmups=1 --seed=42} or as one system property
 * {@code -Db3=rows=2000000,runs=5,warmups=1,seed=42}; {@code peers=jdbc+rewrite+copy+copymoat+bulk+bulk2+batch} (the default: all)
 * runs only the peers named (bench/pom.xml passes one JVM argument through {@code
 * -Dbench.jvm}).
 */
public final class IngestBenchmark {

    private IngestBenchmark() {}

    record Run(double loadSeconds, double profileSeconds) {}

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        int rows = Integer.parseInt(options.getOrDefault("rows", "2000000"));
        int runs = Integer.parseInt(options.getOrDefault("runs", "5"));
        int warmups = Integer.parseInt(options.getOrDefault("warmups", "1"));
        long seed = Long.parseLong(options.getOrDefault("seed", "42"));
        System.out.printf(
                Locale.ROOT,
                "B3: %,d rows, %d warm-up + %d measured rounds, seed %d, %d cpus, heap %d MB%n",
                rows,
                warmups,
                runs,
                seed,
                Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20);
        B3Data data = new B3Data(rows, seed);
        long spent = Arrays.stream(data.amount).sum();
        Peer.Cardinality expected = new Peer.Cardinality(rows, 0, data.distinctCustomers(), spent);
        try (B3Database db = B3Database.start(Path.of("target/b3-pg").toAbsolutePath())) {
            System.out.printf(
                    "PostgreSQL %s, fsync %s, synchronous_commit %s, shared_buffers %s%n",
                    db.show("server_version"),
                    db.show("fsync"),
                    db.show("synchronous_commit"),
                    db.show("shared_buffers"));
            // Peers are made only when picked: the OrderBatch peer holds all rows as records, which at 10M rows
            // alone fills a 6 GB heap.
            Map<String, java.util.concurrent.Callable<Peer>> all = new LinkedHashMap<>();
            all.put("jdbc", () -> PlainTablePeers.jdbcBatch(db));
            all.put("rewrite", () -> PlainTablePeers.rewrittenBatch(db));
            all.put("copy", () -> PlainTablePeers.copy(db));
            all.put("copymoat", () -> new MoatTablesCopyPeer(db));
            all.put("bulk", () -> new MoatBulkPeer(db, data, false));
            all.put("bulk2", () -> new MoatBulkPeer(db, data, false, 2));
            all.put("batch", () -> new MoatBulkPeer(db, data, true));
            List<String> only = List.of(options.getOrDefault("peers", String.join("+", all.keySet()))
                    .split("\\+"));
            List<Peer> peers = new ArrayList<>();
            for (String key : only) {
                if (!all.containsKey(key)) {
                    throw new IllegalArgumentException("peers are " + all.keySet() + ", not " + key);
                }
                peers.add(all.get(key).call());
            }
            Map<String, List<Run>> measured = new LinkedHashMap<>();
            peers.forEach(peer -> measured.put(peer.name(), new ArrayList<>()));
            for (int round = 0; round < warmups + runs; round++) {
                for (int k = 0; k < peers.size(); k++) {
                    Peer peer = peers.get((round + k) % peers.size());
                    Run run = measure(db, peer, data, expected);
                    boolean counted = round >= warmups;
                    if (counted) {
                        measured.get(peer.name()).add(run);
                    }
                    System.out.printf(
                            Locale.ROOT,
                            "round %d%s %-30s load %7.2f s (%,9.0f rows/s)  profile %6.2f s%n",
                            round,
                            counted ? " " : "w",
                            peer.name(),
                            run.loadSeconds,
                            rows / run.loadSeconds,
                            run.profileSeconds);
                }
            }
            String table = table(measured, rows);
            System.out.println(table);
            Files.writeString(Path.of("target/b3-results.md"), table);
        }
    }

    private static Run measure(B3Database db, Peer peer, B3Data data, Peer.Cardinality expected) throws Exception {
        peer.reset();
        db.execute("checkpoint");
        System.gc();
        long start = System.nanoTime();
        peer.load(data);
        long loaded = System.nanoTime();
        peer.profile();
        long profiled = System.nanoTime();
        Peer.Cardinality actual = peer.cardinality();
        if (actual.orders() != expected.orders()
                || actual.profiles() != expected.profiles()
                || actual.spentFen() != expected.spentFen()
                || (actual.lines() != 0 && actual.lines() != expected.orders())) {
            throw new IllegalStateException(peer.name() + " ended with " + actual + ", expected " + expected);
        }
        return new Run((loaded - start) / 1e9, (profiled - loaded) / 1e9);
    }

    private static String table(Map<String, List<Run>> measured, int rows) {
        Map<String, double[]> medians = new LinkedHashMap<>();
        measured.forEach((name, runs) -> medians.put(name, new double[] {
            median(runs.stream().mapToDouble(Run::loadSeconds).toArray()),
            median(runs.stream()
                    .mapToDouble(r -> r.loadSeconds + r.profileSeconds)
                    .toArray())
        }));
        double[] none = {Double.NaN, Double.NaN};
        double[] plain = medians.getOrDefault("JDBC batch of 1000", none);
        double[] copy = medians.getOrDefault("raw COPY", none);
        double[] floor = medians.getOrDefault("raw COPY into Moat's tables", none);
        StringBuilder out = new StringBuilder();
        out.append("| peer | load rows/s (median) | load + profile rows/s (median) | load ÷ JDBC batch"
                + " | load ÷ raw COPY | load + profile ÷ JDBC batch | load + profile ÷ raw COPY"
                + " | load ÷ raw COPY into Moat's tables |\n");
        out.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
        medians.forEach((name, m) -> out.append(String.format(
                Locale.ROOT,
                "| %s | %,.0f | %,.0f | %.2f× | %.2f× | %.2f× | %.2f× | %.2f× |%n",
                name,
                rows / m[0],
                rows / m[1],
                plain[0] / m[0],
                copy[0] / m[0],
                plain[1] / m[1],
                copy[1] / m[1],
                floor[0] / m[0])));
        return out.toString();
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        String property = System.getProperty("b3", "");
        for (String pair : property.isBlank() ? new String[0] : property.split(",")) {
            if (!pair.contains("=")) {
                throw new IllegalArgumentException("-Db3 looks like rows=2000000,runs=5, not " + property);
            }
            options.put(
                    pair.substring(0, pair.indexOf('=')).strip(),
                    pair.substring(pair.indexOf('=') + 1).strip());
        }
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("options look like --rows=2000000, not " + arg);
            }
            options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
        return options;
    }
}
