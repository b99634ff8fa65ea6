package io.moat.audiences.internal;

import io.moat.shared.TenantId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.roaringbitmap.RoaringBitmap;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Saved segments' members in the database: one serialized Roaring bitmap of customer numbers per segment ({@code
 * segment.members}) and, per refresh that moved anybody, one {@code segment_change} row with who entered and who left.
 * A refresh of any number of segments is three set-based statements (members and sizes, daily sizes, changes), so
 * its cost grows with the bytes of the bitmaps, not with the number of members who moved. Public (with a public
 * constructor) so that benchmark B2 persists with exactly these statements.
 */
public final class SegmentMembers {

    private final JdbcTemplate jdbc;

    public SegmentMembers(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** One segment after a refresh: everybody in it now, and who entered and left since the kept members. */
    public record Diff(long segmentId, RoaringBitmap members, RoaringBitmap entered, RoaringBitmap exited) {
        boolean moved() {
            return !entered.isEmpty() || !exited.isEmpty();
        }
    }

    /**
     * Writes every segment's size and refresh time, the members of those that moved and one change row each; the
     * day's size goes to {@code segment_size}. Joins the caller's transaction. Returns segment → change row id for the
     * segments that moved.
     */
    public Map<Long, Long> write(TenantId tenant, List<Diff> diffs, Instant at, LocalDate day) {
        if (diffs.isEmpty()) {
            return Map.of();
        }
        return jdbc.execute((ConnectionCallback<Map<Long, Long>>) db -> write(db, tenant, diffs, at, day));
    }

    private static Map<Long, Long> write(Connection db, TenantId tenant, List<Diff> diffs, Instant at, LocalDate day)
            throws SQLException {
        int n = diffs.size();
        Long[] ids = new Long[n];
        Long[] sizes = new Long[n];
        byte[][] members = new byte[n][];
        for (int i = 0; i < n; i++) {
            Diff diff = diffs.get(i);
            ids[i] = diff.segmentId();
            sizes[i] = diff.members().getLongCardinality();
            members[i] = diff.moved() ? bytes(diff.members()) : null;
        }
        Timestamp when = Timestamp.from(at);
        try (PreparedStatement update = db.prepareStatement("""
                update audiences.segment s
                set members = coalesce(u.members, s.members), size = u.size, refreshed_at = ?
                from unnest(?, ?, ?) as u(id, members, size)
                where s.tenant_id = ? and s.id = u.id""")) {
            update.setTimestamp(1, when);
            update.setArray(2, db.createArrayOf("bigint", ids));
            update.setArray(3, db.createArrayOf("bytea", members));
            update.setArray(4, db.createArrayOf("bigint", sizes));
            update.setLong(5, tenant.value());
            update.executeUpdate();
        }
        try (PreparedStatement daily = db.prepareStatement("""
                insert into audiences.segment_size (tenant_id, segment_id, day, size)
                select ?, u.id, ?, u.size from unnest(?, ?) as u(id, size)
                on conflict (tenant_id, segment_id, day) do update set size = excluded.size""")) {
            daily.setLong(1, tenant.value());
            daily.setObject(2, day);
            daily.setArray(3, db.createArrayOf("bigint", ids));
            daily.setArray(4, db.createArrayOf("bigint", sizes));
            daily.executeUpdate();
        }
        List<Diff> moved = diffs.stream().filter(Diff::moved).toList();
        Map<Long, Long> changes = new LinkedHashMap<>();
        if (moved.isEmpty()) {
            return changes;
        }
        int m = moved.size();
        Long[] segments = new Long[m];
        byte[][] entered = new byte[m][];
        byte[][] exited = new byte[m][];
        Integer[] enteredCount = new Integer[m];
        Integer[] exitedCount = new Integer[m];
        for (int i = 0; i < m; i++) {
            Diff diff = moved.get(i);
            segments[i] = diff.segmentId();
            entered[i] = bytes(diff.entered());
            exited[i] = bytes(diff.exited());
            enteredCount[i] = diff.entered().getCardinality();
            exitedCount[i] = diff.exited().getCardinality();
        }
        try (PreparedStatement insert = db.prepareStatement("""
                insert into audiences.segment_change
                    (tenant_id, segment_id, at, entered, exited, entered_count, exited_count)
                select ?, u.segment_id, ?, u.entered, u.exited, u.entered_count, u.exited_count
                from unnest(?, ?, ?, ?, ?) as u(segment_id, entered, exited, entered_count, exited_count)
                returning segment_id, id""")) {
            insert.setLong(1, tenant.value());
            insert.setTimestamp(2, when);
            insert.setArray(3, db.createArrayOf("bigint", segments));
            insert.setArray(4, db.createArrayOf("bytea", entered));
            insert.setArray(5, db.createArrayOf("bytea", exited));
            insert.setArray(6, db.createArrayOf("int", enteredCount));
            insert.setArray(7, db.createArrayOf("int", exitedCount));
            try (ResultSet rows = insert.executeQuery()) {
                while (rows.next()) {
                    changes.put(rows.getLong(1), rows.getLong(2));
                }
            }
        }
        return changes;
    }

    /** A new segment's first members (no change row: they did not enter, they were there). */
    public void initial(TenantId tenant, long segment, RoaringBitmap members, Instant at, LocalDate day) {
        jdbc.update(
                "update audiences.segment set members = ?, size = ?, refreshed_at = ? where tenant_id = ? and id = ?",
                bytes(members),
                members.getLongCardinality(),
                Timestamp.from(at),
                tenant.value(),
                segment);
        jdbc.update("""
                insert into audiences.segment_size (tenant_id, segment_id, day, size) values (?, ?, ?, ?)
                on conflict (tenant_id, segment_id, day) do update set size = excluded.size""", tenant.value(), segment, day, members.getLongCardinality());
    }

    /** Stores a segment's members as they are (converting members kept as rows before bitmaps). */
    void keep(TenantId tenant, long segment, RoaringBitmap members) {
        jdbc.update(
                "update audiences.segment set members = ? where tenant_id = ? and id = ?",
                bytes(members),
                tenant.value(),
                segment);
    }

    /** The kept members, or empty when the segment has none stored as a bitmap yet (kept as rows before). */
    public Optional<RoaringBitmap> members(TenantId tenant, long segment) {
        List<byte @Nullable []> found = jdbc.query(
                "select members from audiences.segment where tenant_id = ? and id = ?",
                (row, i) -> row.getBytes(1),
                tenant.value(),
                segment);
        return found.isEmpty() || found.getFirst() == null ? Optional.empty() : Optional.of(bitmap(found.getFirst()));
    }

    /** A change row: segment, time, entered, exited and how many of its moves were published. */
    record Change(long segmentId, Instant at, RoaringBitmap entered, RoaringBitmap exited, int published) {}

    Optional<Change> change(TenantId tenant, long changeId) {
        return jdbc
                .query(
                        "select segment_id, at, entered, exited, published from audiences.segment_change"
                                + " where tenant_id = ? and id = ?",
                        (row, i) -> new Change(
                                row.getLong(1),
                                row.getTimestamp(2).toInstant(),
                                bitmap(row.getBytes(3)),
                                bitmap(row.getBytes(4)),
                                row.getInt(5)),
                        tenant.value(),
                        changeId)
                .stream()
                .findFirst();
    }

    void published(TenantId tenant, long changeId, int published) {
        jdbc.update(
                "update audiences.segment_change set published = ? where tenant_id = ? and id = ?",
                published,
                tenant.value(),
                changeId);
    }

    /** Change rows whose moves are not all published yet (a crash between slices), oldest first. */
    List<Long> unpublished(TenantId tenant) {
        return jdbc.queryForList(
                "select id from audiences.segment_change where tenant_id = ? and published < entered_count + exited_count"
                        + " order by id",
                Long.class,
                tenant.value());
    }

    /** Drops change rows fully published before {@code before} (nothing reads them after their events went out). */
    void purge(TenantId tenant, Instant before) {
        jdbc.update(
                "delete from audiences.segment_change where tenant_id = ? and at < ?"
                        + " and published = entered_count + exited_count",
                tenant.value(),
                Timestamp.from(before));
    }

    public static byte[] bytes(RoaringBitmap bitmap) {
        ChunkForm.canonical(bitmap); // a chunk kept in words for speed would be misread from the serialized form
        bitmap.runOptimize();
        ByteBuffer out = ByteBuffer.allocate(bitmap.serializedSizeInBytes());
        bitmap.serialize(out);
        return out.array();
    }

    public static RoaringBitmap bitmap(byte[] bytes) {
        RoaringBitmap bitmap = new RoaringBitmap();
        try {
            bitmap.deserialize(ByteBuffer.wrap(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bitmap;
    }
}
