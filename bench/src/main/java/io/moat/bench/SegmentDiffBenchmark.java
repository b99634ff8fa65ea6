package io.moat.bench;

import io.moat.audiences.AudienceCondition;
import io.moat.audiences.AudienceCondition.All;
import io.moat.audiences.AudienceCondition.Any;
import io.moat.audiences.AudienceCondition.HasTags;
import io.moat.audiences.AudienceCondition.Not;
import io.moat.audiences.AudienceCondition.TagMatch;
import io.moat.audiences.internal.SegmentMembers;
import io.moat.audiences.internal.Selection;
import io.moat.audiences.internal.TenantIndex;
import io.moat.shared.TenantId;
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
import java.util.UUID;
import java.util.stream.Collectors;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.roaringbitmap.RoaringBitmap;
import org.roaringbitmap.RoaringBitmapWriter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

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
    /** The members as the row-per-member design (before 25 Nov 2026) keeps them, run beside for the profile. */
    final List<RoaringBitmap> keptRows = new ArrayList<>();
    /** Whether to run the row-per-member design too (it takes 20–30 s a batch). */
    final boolean rows = Boolean.parseBoolean(System.getProperty("rows", "true"));

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
            keptRows.add(kept.getLast().clone());
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
            List<Double> evaluate = new ArrayList<>();
            List<Double> persist = new ArrayList<>();
            List<Double> fanOut = new ArrayList<>();
            List<Double> rowsTotal = new ArrayList<>();
            List<Double> rowsPersist = new ArrayList<>();
            List<Double> rowsEvents = new ArrayList<>();
            for (int round = 0; round < warmups + runs; round++) {
                boolean last = round == warmups + runs - 1;
                if (last) {
                    // Mautic starts one batch behind, from the very memberships Moat holds now.
                    long t0 = System.nanoTime();
                    AudienceBenchmark.execute(db, "truncate mautic_member");
                    copy(db, "copy mautic_member from stdin", out -> {
                        for (int s = 0; s < segmentCount; s++) {
                            int segment = s;
                            kept.get(s).forEach((int n) -> {
                                out.append(segment).append('\t').append(n).append('\n');
                                out.flushIfFull();
                            });
                        }
                    });
                    AudienceBenchmark.execute(db, "vacuum analyze mautic_member");
                    System.out.printf("Mautic's memberships synced in %.1f s%n", (System.nanoTime() - t0) / 1e9);
                }
                int[][] batch = batch(new SplittableRandom(1000 + round));
                long a0 = System.nanoTime();
                flip(batch);
                double applied = (System.nanoTime() - a0) / 1e6;
                writeTagChanges(db, batch);
                Instant at = Instant.now();
                long t0 = System.nanoTime();
                int changes = moatRefresh(db, at);
                double ms = (System.nanoTime() - t0) / 1e6;
                long f0 = System.nanoTime();
                int published = fanOut(db);
                double fanned = (System.nanoTime() - f0) / 1e6;
                String before = "";
                if (rows) {
                    long r0 = System.nanoTime();
                    int rowChanges = rowsRefresh(db, at);
                    double rowsMs = (System.nanoTime() - r0) / 1e6;
                    if (rowChanges != changes) {
                        throw new IllegalStateException("rows design moved " + rowChanges + ", bitmaps " + changes);
                    }
                    before = String.format(
                            "; row-per-member design: %.1f ms (evaluating and diffing %.1f, member rows %.1f,"
                                    + " per-customer events in the transaction %.1f)",
                            rowsMs, rowsEvaluating / 1e6, rowsPersisting / 1e6, rowsEventing / 1e6);
                    if (round >= warmups) {
                        rowsTotal.add(rowsMs);
                        rowsPersist.add(rowsPersisting / 1e6);
                        rowsEvents.add(rowsEventing / 1e6);
                    }
                }
                System.out.printf(
                        "round %d%s: index apply %.1f ms; Moat diff + persist of %d segments: %.1f ms (evaluating and"
                                + " diffing %.1f ms, persisting %.1f ms; %,d entries and exits); after commit, %,d"
                                + " per-customer events in slices: %.1f ms%s%n",
                        round,
                        round < warmups ? " (warm-up)" : "",
                        applied,
                        segmentCount,
                        ms,
                        evaluating / 1e6,
                        persisting / 1e6,
                        changes,
                        published,
                        fanned,
                        before);
                if (round >= warmups) {
                    moat.add(ms);
                    apply.add(applied);
                    evaluate.add(evaluating / 1e6);
                    persist.add(persisting / 1e6);
                    fanOut.add(fanned);
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
                    "| … of which evaluating and diffing | %.1f ms | %s |%n", median(evaluate), list(evaluate));
            System.out.printf(
                    "| … of which persisting and committing | %.1f ms | %s |%n", median(persist), list(persist));
            System.out.printf(
                    "| after commit: per-customer events, slices of %d | %.1f ms | %s |%n",
                    SLICE, median(fanOut), list(fanOut));
            if (rows) {
                System.out.printf(
                        "| row-per-member design (before), total | %.1f ms | %s |%n",
                        median(rowsTotal), list(rowsTotal));
                System.out.printf(
                        "| … of which member rows | %.1f ms | %s |%n", median(rowsPersist), list(rowsPersist));
                System.out.printf(
                        "| … of which per-customer events in the transaction | %.1f ms | %s |%n",
                        median(rowsEvents), list(rowsEvents));
            }
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

    // ---- Moat: evaluate, diff, persist with the production SegmentMembers, one transaction ----

    static final TenantId TENANT_ID = new TenantId(TENANT);
    static final int SLICE = 2_000;

    /** Nanoseconds of the last refresh spent evaluating and diffing, and persisting (with the commit). */
    long evaluating;

    long persisting;

    SegmentMembers store;

    int moatRefresh(Connection db, Instant at) throws SQLException {
        int changes = 0;
        long e0 = System.nanoTime();
        List<SegmentMembers.Diff> diffs = new ArrayList<>(segmentCount);
        for (int s = 0; s < segmentCount; s++) {
            RoaringBitmap now = Selection.select(index, conditions.get(s), at);
            RoaringBitmap before = kept.get(s);
            RoaringBitmap entered = RoaringBitmap.andNot(now, before);
            RoaringBitmap exited = RoaringBitmap.andNot(before, now);
            diffs.add(new SegmentMembers.Diff(s, now, entered, exited));
            changes += entered.getCardinality() + exited.getCardinality();
        }
        evaluating = System.nanoTime() - e0;
        long p0 = System.nanoTime();
        db.setAutoCommit(false);
        Map<Long, Long> written = store.write(
                TENANT_ID, diffs, at, at.atZone(ZoneId.of("Asia/Shanghai")).toLocalDate());
        // One SegmentChanged per segment that moved: the registry's row for the fan-out listener.
        try (PreparedStatement publication = db.prepareStatement(PUBLICATION)) {
            for (var change : written.entrySet()) {
                publication(publication, "SegmentChanged", """
                        {"tenant":{"value":1},"segmentId":%d,"changeId":%d,"entered":0,"exited":0,"at":"%s"}""".formatted(change.getKey(), change.getValue(), at));
            }
            publication.executeBatch();
        }
        db.commit();
        db.setAutoCommit(true);
        persisting = System.nanoTime() - p0;
        for (SegmentMembers.Diff diff : diffs) {
            kept.set((int) diff.segmentId(), diff.members());
        }
        return changes;
    }

    /**
     * What SegmentRefresh does after the commit: for every change row not yet published, slices of {@value #SLICE}
     * moves, each one transaction that reads the row, writes one event-publication row per SegmentEntered / Exited for
     * one listener (journeys; Spring Modulith's registry stores a row per event and listener) and records how far it
     * got. Journeys' own handling of the events is not included.
     */
    int fanOut(Connection db) throws SQLException {
        List<Long> pending = new ArrayList<>();
        try (var s = db.createStatement();
                var rows = s.executeQuery("select id from audiences.segment_change"
                        + " where published < entered_count + exited_count order by id")) {
            while (rows.next()) {
                pending.add(rows.getLong(1));
            }
        }
        int published = 0;
        db.setAutoCommit(false);
        try (PreparedStatement read = db.prepareStatement(
                        "select segment_id, at, entered, exited, published from audiences.segment_change"
                                + " where tenant_id = ? and id = ?");
                PreparedStatement publication = db.prepareStatement(PUBLICATION);
                PreparedStatement progress = db.prepareStatement(
                        "update audiences.segment_change set published = ? where tenant_id = ? and id = ?")) {
            for (long change : pending) {
                while (true) {
                    read.setLong(1, TENANT);
                    read.setLong(2, change);
                    long segment;
                    Instant at;
                    RoaringBitmap entered;
                    RoaringBitmap exited;
                    int done;
                    try (var row = read.executeQuery()) {
                        row.next();
                        segment = row.getLong(1);
                        at = row.getTimestamp(2).toInstant();
                        entered = SegmentMembers.bitmap(row.getBytes(3));
                        exited = SegmentMembers.bitmap(row.getBytes(4));
                        done = row.getInt(5);
                    }
                    int total = entered.getCardinality() + exited.getCardinality();
                    if (done >= total) {
                        break;
                    }
                    int to = Math.min(total, done + SLICE);
                    for (int k = done; k < to; k++) {
                        boolean in = k < entered.getCardinality();
                        int n = in ? entered.select(k) : exited.select(k - entered.getCardinality());
                        publication(
                                publication, in ? "SegmentEntered" : "SegmentExited", """
                                {"tenant":{"value":1},"segmentId":%d,"customer":{"value":%d},"at":"%s"}""".formatted(segment, n, at));
                    }
                    publication.executeBatch();
                    progress.setInt(1, to);
                    progress.setLong(2, TENANT);
                    progress.setLong(3, change);
                    progress.executeUpdate();
                    db.commit();
                    published += to - done;
                }
            }
        }
        db.setAutoCommit(true);
        return published;
    }

    static final String PUBLICATION = "insert into shared.event_publication (id, listener_id, event_type,"
            + " serialized_event, publication_date) values (?, ?, ?, ?, ?)";

    static void publication(PreparedStatement insert, String type, String json) throws SQLException {
        insert.setObject(1, UUID.randomUUID());
        insert.setString(2, "io.moat.journeys.internal.JourneyEvents.on(" + type + ")");
        insert.setString(3, "io.moat.audiences." + type);
        insert.setString(4, json);
        insert.setTimestamp(5, Timestamp.from(Instant.now()));
        insert.addBatch();
    }

    // ---- the row-per-member design (before): rows inserted and deleted per member, events in the transaction ----

    long rowsEvaluating;
    long rowsPersisting;
    long rowsEventing;

    int rowsRefresh(Connection db, Instant at) throws SQLException {
        int changes = 0;
        rowsEvaluating = 0;
        rowsPersisting = 0;
        rowsEventing = 0;
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
                        on conflict (tenant_id, segment_id, day) do update set size = excluded.size""");
                PreparedStatement publication = db.prepareStatement(PUBLICATION)) {
            for (int s = 0; s < segmentCount; s++) {
                long e0 = System.nanoTime();
                RoaringBitmap now = Selection.select(index, conditions.get(s), at);
                RoaringBitmap before = keptRows.get(s);
                RoaringBitmap entered = RoaringBitmap.andNot(now, before);
                RoaringBitmap exited = RoaringBitmap.andNot(before, now);
                long p0 = System.nanoTime();
                rowsEvaluating += p0 - e0;
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
                long v0 = System.nanoTime();
                rowsPersisting += v0 - p0;
                // one SegmentEntered / Exited per move, each a registry row for journeys' listener
                int segment = s;
                for (RoaringBitmap moved : List.of(entered, exited)) {
                    String type = moved == entered ? "SegmentEntered" : "SegmentExited";
                    for (int n : moved.toArray()) {
                        publication(publication, type, """
                                {"tenant":{"value":1},"segmentId":%d,"customer":{"value":%d},"at":"%s"}""".formatted(segment, n, at));
                    }
                }
                publication.executeBatch();
                rowsEventing += System.nanoTime() - v0;
                changes += entered.getCardinality() + exited.getCardinality();
                keptRows.set(s, now);
            }
        }
        long c0 = System.nanoTime();
        db.commit();
        rowsPersisting += System.nanoTime() - c0;
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
                            != kept.get(s).getLongCardinality()
                    || !kept.get(s).equals(keptRows.get(s))) {
                throw new IllegalStateException("segment " + s + ": Mautic and Moat differ by " + differ + " members");
            }
        }
        try (var st = db.createStatement();
                var rs = st.executeQuery("select id, members from audiences.segment order by id")) {
            while (rs.next()) {
                if (!SegmentMembers.bitmap(rs.getBytes(2)).equals(kept.get((int) rs.getLong(1)))) {
                    throw new IllegalStateException("stored bitmap of segment " + rs.getLong(1) + " differs");
                }
            }
        }
        System.out.printf(
                "memberships of %d segments equal in both; all %d stored bitmaps equal the kept members%n",
                mauticSegments, segmentCount);
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
        // Moat's audiences.segment (members as a bitmap), segment_size and segment_change as the migrations create
        // them, and Spring Modulith's registry table as shared's migration creates it (with its hash index).
        AudienceBenchmark.execute(db, "create schema audiences");
        AudienceBenchmark.execute(db, "create schema shared");
        AudienceBenchmark.execute(db, """
                create table audiences.segment (tenant_id bigint not null, id bigint not null,
                  size bigint not null default 0, refreshed_at timestamptz, members bytea,
                  primary key (tenant_id, id))""");
        AudienceBenchmark.execute(db, "alter table audiences.segment alter column members set storage external");
        AudienceBenchmark.execute(db, """
                create table audiences.segment_size (tenant_id bigint not null, segment_id bigint not null,
                  day date not null, size bigint not null, primary key (tenant_id, segment_id, day))""");
        AudienceBenchmark.execute(db, """
                create table audiences.segment_change (tenant_id bigint not null,
                  id bigint generated always as identity, segment_id bigint not null, at timestamptz not null,
                  entered bytea not null, exited bytea not null, entered_count int not null,
                  exited_count int not null, published int not null default 0, primary key (tenant_id, id))""");
        AudienceBenchmark.execute(db, "alter table audiences.segment_change alter column entered set storage external");
        AudienceBenchmark.execute(db, "alter table audiences.segment_change alter column exited set storage external");
        AudienceBenchmark.execute(
                db, "create index segment_change_segment_idx on audiences.segment_change (tenant_id, segment_id, id)");
        AudienceBenchmark.execute(db, """
                create table shared.event_publication (id uuid not null primary key, listener_id text not null,
                  event_type text not null, serialized_event text not null, publication_date timestamptz not null,
                  completion_date timestamptz, status text, completion_attempts int,
                  last_resubmission_date timestamptz)""");
        AudienceBenchmark.execute(
                db,
                "create index event_publication_serialized_event_hash_idx"
                        + " on shared.event_publication using hash (serialized_event)");
        AudienceBenchmark.execute(
                db,
                "create index event_publication_by_completion_date_idx"
                        + " on shared.event_publication (completion_date)");
        store = new SegmentMembers(new JdbcTemplate(new SingleConnectionDataSource(db, true)));
        try (PreparedStatement initial = db.prepareStatement(
                "insert into audiences.segment (tenant_id, id, size, refreshed_at, members) values (1, ?, ?, now(), ?)")) {
            for (int s = 0; s < segmentCount; s++) {
                initial.setLong(1, s);
                initial.setLong(2, kept.get(s).getLongCardinality());
                initial.setBytes(3, SegmentMembers.bytes(kept.get(s).clone()));
                initial.addBatch();
            }
            initial.executeBatch();
        }
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
