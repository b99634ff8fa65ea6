package io.moat.audiences.internal;

import io.moat.audiences.MemberPage;
import io.moat.customers.CustomerId;
import io.moat.shared.Problem;
import io.moat.shared.TenantId;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Saved segments: a named condition whose members are kept (a bitmap of numbers, {@link SegmentMembers}) so that who entered and who left
 * can be told after any change, a restart included. Creating a segment records its first members without events
 * (they did not enter, they were there); later changes are found by {@link SegmentRefresh}.
 */
@Component
@Transactional
public class Segments {

    private final JdbcClient jdbc;
    private final SegmentRefresh refresh;
    private final Clock clock;

    Segments(JdbcClient jdbc, SegmentRefresh refresh, Clock clock) {
        this.jdbc = jdbc;
        this.refresh = refresh;
        this.clock = clock;
    }

    public record Segment(
            long id,
            String name,
            String description,
            String condition,
            long size,
            OffsetDateTime createdAt,
            OffsetDateTime updatedAt,
            @Nullable OffsetDateTime refreshedAt) {}

    /** A segment's size on one day of the workspace's calendar. */
    public record DailySize(LocalDate day, long size) {}

    public Segment create(TenantId tenant, String name, String description, String condition, String by) {
        var now = clock.instant().atOffset(ZoneOffset.UTC);
        long id;
        try {
            id = jdbc.sql("""
                    insert into audiences.segment (tenant_id, name, description, condition, created_by, created_at,
                        updated_at) values (?, ?, ?, cast(? as jsonb), ?, ?, ?) returning id
                    """)
                    .params(tenant.value(), name, description, condition, by, now, now)
                    .query(Long.class)
                    .single();
        } catch (DuplicateKeyException e) {
            throw taken(name);
        }
        refresh.initial(tenant, id, condition);
        return get(tenant, id);
    }

    public Segment update(TenantId tenant, long id, String name, String description, String condition) {
        get(tenant, id);
        try {
            jdbc.sql("""
                    update audiences.segment set name = ?, description = ?, condition = cast(? as jsonb), updated_at = ?
                    where tenant_id = ? and id = ? and deleted_at is null
                    """)
                    .params(name, description, condition, clock.instant().atOffset(ZoneOffset.UTC), tenant.value(), id)
                    .update();
        } catch (DuplicateKeyException e) {
            throw taken(name);
        }
        refresh.segment(tenant, id);
        return get(tenant, id);
    }

    /** Deletes the segment and its members; no exits are published (journeys stop on the segment itself). */
    public void delete(TenantId tenant, long id) {
        get(tenant, id);
        jdbc.sql("update audiences.segment set deleted_at = ?, members = null where tenant_id = ? and id = ?")
                .params(clock.instant().atOffset(ZoneOffset.UTC), tenant.value(), id)
                .update();
        jdbc.sql("delete from audiences.segment_member where tenant_id = ? and segment_id = ?")
                .params(tenant.value(), id)
                .update();
        refresh.forget(tenant, id);
    }

    @Transactional(readOnly = true)
    public Segment get(TenantId tenant, long id) {
        return find(tenant, id)
                .orElseThrow(
                        () -> new Problem(HttpStatus.NOT_FOUND, "segment-not-found", "No segment " + id + ".", "id"));
    }

    @Transactional(readOnly = true)
    public Optional<Segment> find(TenantId tenant, long id) {
        return jdbc.sql(SELECT + " and id = ?")
                .params(tenant.value(), id)
                .query(Segment.class)
                .optional();
    }

    @Transactional(readOnly = true)
    public List<Segment> list(TenantId tenant) {
        return jdbc.sql(SELECT + " order by id")
                .params(tenant.value())
                .query(Segment.class)
                .list();
    }

    /** The last {@code days} daily sizes, oldest first. */
    @Transactional(readOnly = true)
    public List<DailySize> trend(TenantId tenant, long id, int days) {
        return jdbc.sql("""
                select day, size from (select day, size from audiences.segment_size
                    where tenant_id = ? and segment_id = ? order by day desc limit ?) recent order by day
                """)
                .params(tenant.value(), id, days)
                .query(DailySize.class)
                .list();
    }

    /** A page of the kept members in the order of their numbers, after {@code after} (null: from the start). */
    @Transactional(readOnly = true)
    public MemberPage members(TenantId tenant, long id, @Nullable CustomerId after, int limit) {
        return refresh.members(tenant, id, after, limit);
    }

    private static final String SELECT = """
            select id, name, description, condition::text as condition, size, created_at, updated_at, refreshed_at
            from audiences.segment where tenant_id = ? and deleted_at is null""";

    private static Problem taken(String name) {
        return new Problem(HttpStatus.CONFLICT, "segment-name-taken", "A segment named " + name + " exists.", "name");
    }
}
