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
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.roaringbitmap.RoaringBitmap;
import org.roaringbitmap.RoaringBitmapWriter;

/**
 * B2 (shared/benchmarks.md): 200 saved segments over B1's data (customers × 50 tags, densities 0.5–50 %, seed 42),
 * then batches of 100k tag changes (one tag flipped on each of 100k distinct customers). Moat: the production
 * {@link Selection} re-evaluates every segment on a {@link TenantIndex}, diffs against the kept member bitmap and
 * persists the difference with the SQL of {@code SegmentRefresh} (insert from {@code unnest}, delete {@code =
 * any(…)}, size and daily size) in one transaction on PostgreSQL. Peer: Mautic's segment rebuild on the same
 * PostgreSQL and the same rows — per segment a COUNT of new members ({@code NOT EXISTS} membership), then batches of
 * 300 selected and inserted until none is left, then the same for orphans (members who no longer match). Both start
 * from the same memberships one batch behind; after the run their memberships must be equal, or the run fails.
 */
public final class SegmentDiffBenchmark {

    final int segmentCount = Integer.getInteger("segments", 200);
    final int changeCount = Integer.getInteger("changes", 100_000);
    final int warmups = Integer.getInteger("warmups", 1);
    final int runs = Integer.getInteger("runs", 5);
    /** Mautic's rebuild is run on the first this many segments (all by default); the report scales it to all. */
    final int mauticSegments = Integer.getInteger("mauticSegments", segmentCount);

    static final int BATCH = 300;
    static final long TENANT = 1;

    final AudienceBenchmark data = new AudienceBenchmark();
    final Map<Long, RoaringBitmap> tags = new HashMap<>();
    TenantIndex index;
    final List<AudienceCondition> conditions = new ArrayList<>();
    final List<String> predicates = new ArrayList<>();
    final List<RoaringBitmap> kept = new ArrayList<>();

    /** Options come as one JVM argument, {@code -Db2=customers=1000000,mauticSegments=20,…} (bench/README.md). */
    public static void main(String[] args) throws Exception {
        for (String option : System.getProperty("b2", "").split(",")) {
            if (!option.isBlank()) {
                String[] pair = option.split("=", 2);
                System.setProperty(pair[0].strip(), pair[1].strip());
            }
        }
        new SegmentDiffBenchmark().run();
    }

    void run() throws Exception {
        System.out.printf(
                "B2: %,d customers × %d tags, %d segments, batches of %,d changes, %d processors, max heap %d MB%n",
                AudienceBenchmark.CUSTOMERS,
                AudienceBenchmark.TAGS,
                segmentCount,
                changeCount,
                Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20);
        data.generate();
        RoaringBitmap live = new RoaringBitmap();
        live.add(1L, AudienceBenchmark.CUSTOMERS + 1L);
        for (int t = 0; t < AudienceBenchmark.TAGS; t++) {
            tags.put((long) t, bitmapOf(data.bits[t]));
        }
        index = TenantIndex.ofTags(ZoneId.of("Asia/Shanghai"), live, tags);
        segments();
        Instant now = Instant.now();
        for (AudienceCondition condition : conditions) {
            kept.add(Selection.select(index, condition, now));
        }
        long members =
                kept.stream().mapToLong(RoaringBitmap::getLongCardinality).sum();
        System.out.printf(
                "segments: %,d members in all (%,d … %,d per segment)%n",
                members,
                kept.stream().mapToLong(RoaringBitmap::getLongCardinality).min().orElse(0),
                kept.stream().mapToLong(RoaringBitmap::getLongCardinality).max().orElse(0));

        try (EmbeddedPostgres pg = AudienceBenchmark.postgres();
                Connection db = pg.getPostgresDatabase().getConnection()) {
            load(db);
            List<Double> moat = new ArrayList<>();
            List<Double> apply = new ArrayList<>();
            for (int round = 0; round < warmups + runs; round++) {
                boolean last = round == warmups + runs - 1;
                if (last) {
                    // Mautic starts one batch behind, from the very memberships Moat holds now.
                    long t0 = System.nanoTime();
                    AudienceBenchmark.execute(db, "truncate mautic_member");
                    AudienceBenchmark.execute(
                            db, "insert into mautic_member select segment_id, customer_id from segment_member");
                    AudienceBenchmark.execute(db, "vacuum analyze mautic_member");
                    System.out.printf("Mautic's memberships synced in %.1f s%n", (System.nanoTime() - t0) / 1e9);
                }
                int[][] batch = batch(new SplittableRandom(1000 + round));
                long a0 = System.nanoTime();
                flip(batch);
                double applied = (System.nanoTime() - a0) / 1e6;
                writeTagChanges(db, batch);
                long t0 = System.nanoTime();
                int changes = moatRefresh(db, Instant.now());
                double ms = (System.nanoTime() - t0) / 1e6;
                System.out.printf(
                        "round %d%s: index apply %.1f ms; Moat diff + persist of %d segments: %.1f ms, of which evaluating and"
                                + " diffing %.1f ms (%,d entries and exits)%n",
                        round,
                        round < warmups ? " (warm-up)" : "",
                        applied,
                        segmentCount,
                        ms,
                        evaluating / 1e6,
                        changes);
                if (round >= warmups) {
                    moat.add(ms);
                    apply.add(applied);
                }
            }
            long t0 = System.nanoTime();
            int mauticChanges = 0;
            for (int s = 0; s < mauticSegments; s++) {
                mauticChanges += mauticRebuild(db, s);
            }
            double mautic = (System.nanoTime() - t0) / 1e6;
            verify(db);
            double moatMedian = median(moat);
            double mauticAll = mautic * segmentCount / mauticSegments;
            System.out.printf(
                    "Mautic rebuild of %d segments: %.0f ms (%,d entries and exits)%n",
                    mauticSegments, mautic, mauticChanges);
            System.out.println("| peer | 100k changes → all diffs persisted | runs |");
            System.out.printf("| Moat index apply (in memory) | %.1f ms | %s |%n", median(apply), list(apply));
            System.out.printf(
                    "| Moat diff + persist, %d segments | %.1f ms | %s |%n", segmentCount, moatMedian, list(moat));
            System.out.printf(
                    "| Mautic algorithm, %d segments%s | %.0f ms | 1 run |%n",
                    segmentCount,
                    mauticSegments == segmentCount ? "" : " (measured on " + mauticSegments + ", scaled)",
                    mauticAll);
            System.out.printf("Moat is %.0f× faster than Mautic's algorithm%n", mauticAll / moatMedian);
        }
    }

    // ---- segments: five shapes over random tags ----

    void segments() {
        SplittableRandom random = new SplittableRandom(7);
        for (int s = 0; s < segmentCount; s++) {
            int a = random.nextInt(50);
            int b = other(random, a);
            int c = other(random, b);
            int d = other(random, c);
            AudienceCondition condition;
            String sql;
            switch (s % 5) {
                case 0 -> {
                    condition = new HasTags(TagMatch.ANY, Set.of((long) a, (long) b));
                    sql = has(a) + " or " + has(b);
                }
                case 1 -> {
                    condition = new All(List.of(tag(a), tag(b)));
                    sql = has(a) + " and " + has(b);
                }
                case 2 -> {
                    condition = new All(List.of(tag(a), new Not(tag(b))));
                    sql = has(a) + " and not " + has(b);
                }
                case 3 -> {
                    condition = new Any(List.of(new All(List.of(tag(a), tag(b))), new All(List.of(tag(c), tag(d)))));
                    sql = "(" + has(a) + " and " + has(b) + ") or (" + has(c) + " and " + has(d) + ")";
                }
                default -> {
                    condition = new All(
                            List.of(new HasTags(TagMatch.ANY, Set.of((long) a, (long) b)), tag(c), new Not(tag(d))));
                    sql = "(" + has(a) + " or " + has(b) + ") and " + has(c) + " and not " + has(d);
                }
            }
            conditions.add(condition);
            predicates.add("(" + sql + ")");
        }
    }

    private static int other(SplittableRandom random, int not) {
        int t;
        do {
            t = random.nextInt(50);
        } while (t == not);
        return t;
    }

    /** Mautic's tag filter: the contact has the tag (lead_tags_xref), as an EXISTS on the assignments. */
    private static String has(int tag) {
        return "exists (select 1 from tag_assignment x where x.customer_id = c.id and x.tag_id = " + tag + ")";
    }

    private static AudienceCondition tag(int t) {
        return new HasTags(TagMatch.ANY, Set.of((long) t));
    }

    // ---- changes: one tag flipped on each of changeCount distinct customers ----

    int[][] batch(SplittableRandom random) {
        RoaringBitmap chosen = new RoaringBitmap();
        int[][] batch = new int[changeCount][];
        int i = 0;
        while (i < changeCount) {
            int customer = 1 + random.nextInt(AudienceBenchmark.CUSTOMERS);
            if (chosen.checkedAdd(customer)) {
                int tag = random.nextInt(AudienceBenchmark.TAGS);
                batch[i++] = new int[] {customer, tag, tags.get((long) tag).contains(customer) ? 0 : 1};
            }
        }
        return batch;
    }

    /** Applies the batch to the index's tag bitmaps (under its write lock in production). */
    void flip(int[][] batch) {
        for (int[] change : batch) {
            RoaringBitmap bitmap = tags.get((long) change[1]);
            if (change[2] == 1) {
                bitmap.add(change[0]);
            } else {
                bitmap.remove(change[0]);
            }
        }
    }

    /** The same changes in the tag assignments Mautic's queries read (not timed: both systems need them written). */
    void writeTagChanges(Connection db, int[][] batch) throws SQLException {
        db.setAutoCommit(false);
        try (PreparedStatement add = db.prepareStatement("insert into tag_assignment values (?, ?)");
                PreparedStatement remove =
                        db.prepareStatement("delete from tag_assignment where tag_id = ? and customer_id = ?")) {
            for (int[] change : batch) {
                PreparedStatement s = change[2] == 1 ? add : remove;
                if (change[2] == 1) {
                    s.setInt(1, change[0]);
                    s.setInt(2, change[1]);
                } else {
                    s.setInt(1, change[1]);
                    s.setInt(2, change[0]);
                }
                s.addBatch();
            }
            add.executeBatch();
            remove.executeBatch();
        }
        db.commit();
        db.setAutoCommit(true);
    }

    // ---- Moat: evaluate, diff, persist (SegmentRefresh's statements), one transaction ----

    /** Nanoseconds of the last refresh spent evaluating and diffing (the rest is persisting). */
    long evaluating;

    int moatRefresh(Connection db, Instant at) throws SQLException {
        int changes = 0;
        evaluating = 0;
        db.setAutoCommit(false);
        Timestamp when = Timestamp.from(at);
        LocalDate day = at.atZone(ZoneId.of("Asia/Shanghai")).toLocalDate();
        try (PreparedStatement insert = db.prepareStatement("""
                        insert into segment_member (tenant_id, segment_id, customer_id, entered_at)
                        select ?, ?, customer_id, ? from unnest(cast(? as bigint[])) as customer_id
                        on conflict do nothing""");
                PreparedStatement delete = db.prepareStatement(
                        "delete from segment_member where tenant_id = ? and segment_id = ? and customer_id = any(?)");
                PreparedStatement size = db.prepareStatement(
                        "update segment set size = ?, refreshed_at = ? where tenant_id = ? and id = ?");
                PreparedStatement daily = db.prepareStatement("""
                        insert into segment_size (tenant_id, segment_id, day, size) values (?, ?, ?, ?)
                        on conflict (tenant_id, segment_id, day) do update set size = excluded.size""")) {
            for (int s = 0; s < segmentCount; s++) {
                long e0 = System.nanoTime();
                RoaringBitmap now = Selection.select(index, conditions.get(s), at);
                RoaringBitmap before = kept.get(s);
                RoaringBitmap entered = RoaringBitmap.andNot(now, before);
                RoaringBitmap exited = RoaringBitmap.andNot(before, now);
                evaluating += System.nanoTime() - e0;
                if (!entered.isEmpty()) {
                    insert.setLong(1, TENANT);
                    insert.setLong(2, s);
                    insert.setTimestamp(3, when);
                    insert.setArray(4, db.createArrayOf("bigint", boxed(entered)));
                    insert.executeUpdate();
                }
                if (!exited.isEmpty()) {
                    delete.setLong(1, TENANT);
                    delete.setLong(2, s);
                    delete.setArray(3, db.createArrayOf("bigint", boxed(exited)));
                    delete.executeUpdate();
                }
                size.setLong(1, now.getLongCardinality());
                size.setTimestamp(2, when);
                size.setLong(3, TENANT);
                size.setLong(4, s);
                size.executeUpdate();
                daily.setLong(1, TENANT);
                daily.setLong(2, s);
                daily.setObject(3, day);
                daily.setLong(4, now.getLongCardinality());
                daily.executeUpdate();
                changes += entered.getCardinality() + exited.getCardinality();
                kept.set(s, now);
            }
        }
        db.commit();
        db.setAutoCommit(true);
        return changes;
    }

    private static Long[] boxed(RoaringBitmap numbers) {
        Long[] ids = new Long[numbers.getCardinality()];
        int[] i = {0};
        numbers.forEach((int n) -> ids[i[0]++] = (long) n);
        return ids;
    }

    // ---- Mautic: count, then batches of 300 with NOT EXISTS; then orphans the same way ----

    int mauticRebuild(Connection db, int segment) throws SQLException {
        String filter = predicates.get(segment);
        String fresh = "from customer c where " + filter
                + " and not exists (select 1 from mautic_member m where m.segment_id = " + segment
                + " and m.customer_id = c.id)";
        String orphans = "from mautic_member m where m.segment_id = " + segment
                + " and not exists (select 1 from customer c where c.id = m.customer_id and " + filter + ")";
        int changes = 0;
        long added = AudienceBenchmark.count(db, "select count(*) " + fresh);
        while (added > 0) {
            int n = update(
                    db,
                    "insert into mautic_member select " + segment + ", c.id " + fresh + " order by c.id limit "
                            + BATCH);
            changes += n;
            added -= n;
            if (n == 0) {
                break;
            }
        }
        long removed = AudienceBenchmark.count(db, "select count(*) " + orphans);
        while (removed > 0) {
            int n = update(
                    db,
                    "delete from mautic_member where segment_id = " + segment
                            + " and customer_id in (select m.customer_id " + orphans + " order by m.customer_id limit "
                            + BATCH
                            + ")");
            changes += n;
            removed -= n;
            if (n == 0) {
                break;
            }
        }
        return changes;
    }

    private static int update(Connection db, String sql) throws SQLException {
        try (var s = db.createStatement()) {
            return s.executeUpdate(sql);
        }
    }

    void verify(Connection db) throws SQLException {
        for (int s = 0; s < mauticSegments; s++) {
            long differ = AudienceBenchmark.count(db, """
                    select count(*) from (
                      (select customer_id from mautic_member where segment_id = %d
                       except select customer_id from segment_member where segment_id = %d)
                      union all
                      (select customer_id from segment_member where segment_id = %d
                       except select customer_id from mautic_member where segment_id = %d)) d""".formatted(s, s, s, s));
            if (differ != 0
                    || AudienceBenchmark.count(db, "select count(*) from segment_member where segment_id = " + s)
                            != kept.get(s).getLongCardinality()) {
                throw new IllegalStateException("segment " + s + ": Mautic and Moat differ by " + differ + " members");
            }
        }
        System.out.printf("memberships of %d segments equal in both%n", mauticSegments);
    }

    // ---- PostgreSQL tables: customers, tag assignments (Mautic's lead_tags_xref), both membership tables ----

    void load(Connection db) throws SQLException {
        long t0 = System.nanoTime();
        AudienceBenchmark.execute(db, "create table customer (id int primary key)");
        AudienceBenchmark.execute(
                db,
                "create table tag_assignment (customer_id int not null, tag_id int not null,"
                        + " primary key (tag_id, customer_id))");
        AudienceBenchmark.execute(
                db,
                "create table mautic_member (segment_id int not null, customer_id int not null,"
                        + " primary key (segment_id, customer_id))");
        // Moat's audiences.segment_member, segment and segment_size, as the migration creates them.
        AudienceBenchmark.execute(db, """
                create table segment_member (tenant_id bigint not null, segment_id bigint not null,
                  customer_id bigint not null, entered_at timestamptz not null,
                  primary key (tenant_id, segment_id, customer_id))""");
        AudienceBenchmark.execute(db, """
                create table segment (tenant_id bigint not null, id bigint not null, size bigint not null default 0,
                  refreshed_at timestamptz, primary key (tenant_id, id))""");
        AudienceBenchmark.execute(db, """
                create table segment_size (tenant_id bigint not null, segment_id bigint not null, day date not null,
                  size bigint not null, primary key (tenant_id, segment_id, day))""");
        copy(db, "copy customer from stdin", out -> {
            for (int n = 1; n <= AudienceBenchmark.CUSTOMERS; n++) {
                out.append(n).append('\n');
                out.flushIfFull();
            }
        });
        copy(db, "copy tag_assignment from stdin", out -> {
            for (int n = 1; n <= AudienceBenchmark.CUSTOMERS; n++) {
                for (int t = 0; t < AudienceBenchmark.TAGS; t++) {
                    if (tags.get((long) t).contains(n)) {
                        out.append(n).append('\t').append(t).append('\n');
                        out.flushIfFull();
                    }
                }
            }
        });
        AudienceBenchmark.execute(db, "create index tag_assignment_customer on tag_assignment (customer_id, tag_id)");
        copy(db, "copy segment_member from stdin", out -> {
            for (int s = 0; s < segmentCount; s++) {
                int segment = s;
                kept.get(s).forEach((int n) -> {
                    out.append(TENANT)
                            .append('\t')
                            .append(segment)
                            .append('\t')
                            .append(n)
                            .append("\t2026-01-01 00:00:00+00\n");
                    out.flushIfFull();
                });
            }
        });
        for (int s = 0; s < segmentCount; s++) {
            AudienceBenchmark.execute(
                    db,
                    "insert into segment values (1, " + s + ", " + kept.get(s).getLongCardinality() + ", now())");
        }
        AudienceBenchmark.execute(db, "vacuum analyze");
        AudienceBenchmark.execute(db, "checkpoint");
        System.out.printf(
                "PostgreSQL %s (shared_buffers %s): loaded, indexed and analyzed in %.1f s; predicate of segment 4: %s%n",
                AudienceBenchmark.string(db, "show server_version"),
                AudienceBenchmark.string(db, "show shared_buffers"),
                (System.nanoTime() - t0) / 1e9,
                predicates.get(4));
    }

    interface Rows {
        void write(CopyBuffer out) throws SQLException;
    }

    /** A text COPY stream written in 1 MB pieces. */
    static final class CopyBuffer {
        private final CopyIn copy;
        private final StringBuilder line = new StringBuilder(1 << 20);

        CopyBuffer(CopyIn copy) {
            this.copy = copy;
        }

        CopyBuffer append(Object value) {
            line.append(value);
            return this;
        }

        void flushIfFull() {
            if (line.length() > (1 << 20) - 256) {
                flush();
            }
        }

        void flush() {
            try {
                byte[] bytes = line.toString().getBytes(StandardCharsets.UTF_8);
                copy.writeToCopy(bytes, 0, bytes.length);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            line.setLength(0);
        }
    }

    static void copy(Connection db, String sql, Rows rows) throws SQLException {
        CopyIn copy = db.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
        CopyBuffer out = new CopyBuffer(copy);
        rows.write(out);
        out.flush();
        copy.endCopy();
    }

    // ---- helpers ----

    static RoaringBitmap bitmapOf(long[] words) {
        RoaringBitmapWriter<RoaringBitmap> writer = RoaringBitmapWriter.writer().get();
        for (int w = 0; w < words.length; w++) {
            long x = words[w];
            while (x != 0) {
                writer.add((w << 6) + Long.numberOfTrailingZeros(x));
                x &= x - 1;
            }
        }
        return writer.get();
    }

    static double median(List<Double> values) {
        double[] sorted =
                values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return sorted[sorted.length / 2];
    }

    static String list(List<Double> values) {
        return values.stream().map(v -> String.format("%.0f", v)).collect(Collectors.joining(" · "));
    }
}
