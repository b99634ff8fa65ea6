package io.moat.journeys.internal;

import io.moat.messaging.Attachment;
import io.moat.shared.Problem;
import io.moat.shared.TenantId;
import io.moat.shared.schedule.Schedule;
import io.moat.tags.TagWecomIds;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Moments plans: one enterprise Moments post per staff member at a moment, visible to the member's customers who
 * hold any of the given tags (none: all of them), posted through WeCom's {@code add_moment_task} by {@link
 * MomentPost}. A WeCom customer sees at most a few Moments a day (docs: 3, {@code moat.journeys.moments-daily-cap});
 * every plan counts its reach per customer and local day in {@code moment_reach}, and a customer already at the cap
 * that day is counted as over it, so the console shows how much of a plan would not be seen before it goes out.
 * Call in the workspace's scope.
 */
@Service
@Transactional
public class MomentPlans {

    private final JdbcClient jdbc;
    private final MomentReach reach;
    private final TagWecomIds wecomTags;
    private final Schedule schedule;
    private final Clock clock;

    MomentPlans(JdbcClient jdbc, MomentReach reach, TagWecomIds wecomTags, Schedule schedule, Clock clock) {
        this.jdbc = jdbc;
        this.reach = reach;
        this.wecomTags = wecomTags;
        this.schedule = schedule;
        this.clock = clock;
    }

    public record Plan(
            long id,
            String staffUserId,
            String text,
            List<Attachment> attachments,
            List<Long> tagIds,
            Instant postAt,
            LocalDate localDate,
            String status,
            @Nullable String jobId,
            @Nullable String momentId,
            @Nullable String reason,
            int reach,
            int overCap) {}

    /** Who a plan would reach that day, and how many of them are already at the daily cap. */
    public record Reach(int reach, int overCap, int dailyCap) {}

    @Transactional(readOnly = true)
    public Reach preview(TenantId tenant, String staff, List<Long> tagIds, Instant postAt) {
        var figures = reach.preview(tenant, staff, tagIds, reach.dayOf(tenant, postAt));
        return new Reach(figures.reach(), figures.overCap(), figures.dailyCap());
    }

    public Plan create(
            TenantId tenant,
            String staff,
            String text,
            List<Attachment> attachments,
            List<Long> tagIds,
            Instant postAt) {
        checkContent(text, attachments);
        Map<Long, String> inWecom = wecomTags.of(tenant, tagIds);
        for (int i = 0; i < tagIds.size(); i++) {
            if (!inWecom.containsKey(tagIds.get(i))) {
                throw new Problem(
                        HttpStatus.BAD_REQUEST,
                        "invalid-moment-plan",
                        "tagIds[" + i + "]: tag " + tagIds.get(i) + " is not a WeCom corp tag (deleted or not synced).",
                        "tagIds[" + i + "]");
            }
        }
        Instant now = clock.instant();
        if (postAt.isBefore(now.minus(Broadcasts.LATE))) {
            throw new Problem(
                    HttpStatus.BAD_REQUEST, "invalid-moment-plan", "postAt: the moment has passed.", "postAt");
        }
        LocalDate day = reach.dayOf(tenant, postAt);
        long id = jdbc.sql("""
                insert into journeys.moment_plan (tenant_id, staff_user_id, text, attachments, tag_ids, post_at,
                    local_date, status, created_at)
                values (?, ?, ?, cast(? as jsonb), ?, ?, ?, 'scheduled', ?) returning id
                """)
                .params(
                        tenant.value(),
                        staff,
                        text,
                        AttachmentsJson.text(attachments),
                        tagIds.stream().map(String::valueOf).toArray(String[]::new),
                        JourneyStore.utc(postAt),
                        day,
                        JourneyStore.utc(now))
                .query(Long.class)
                .single();
        var figures = reach.count(tenant, id, staff, tagIds, day);
        jdbc.sql("update journeys.moment_plan set reach = ?, over_cap = ? where tenant_id = ? and id = ?")
                .params(figures.reach(), figures.overCap(), tenant.value(), id)
                .update();
        schedule.schedule(MomentPost.KIND, "moment:" + id, postAt.isBefore(now) ? now : postAt, "{}");
        return get(tenant, id);
    }

    /** Cancels a plan not yet handed to WeCom; its reach no longer counts against the cap. */
    public Plan cancel(TenantId tenant, long id) {
        get(tenant, id);
        int changed = jdbc.sql("""
                update journeys.moment_plan set status = 'cancelled'
                where tenant_id = ? and id = ? and status = 'scheduled'
                """).params(tenant.value(), id).update();
        if (changed == 0) {
            throw new Problem(
                    HttpStatus.CONFLICT,
                    "moment-plan-started",
                    "Only a plan not yet posted can be cancelled.",
                    "status");
        }
        reach.uncount(tenant, id);
        schedule.cancel(MomentPost.KIND, "moment:" + id);
        return get(tenant, id);
    }

    @Transactional(readOnly = true)
    public List<Plan> list(TenantId tenant) {
        return jdbc.sql(SELECT + " order by post_at desc, id desc limit 500")
                .param(tenant.value())
                .query(MomentPlans::plan)
                .list();
    }

    @Transactional(readOnly = true)
    public Plan get(TenantId tenant, long id) {
        return jdbc.sql(SELECT + " and id = ?")
                .params(tenant.value(), id)
                .query(MomentPlans::plan)
                .optional()
                .orElseThrow(() -> new Problem(
                        HttpStatus.NOT_FOUND, "moment-plan-not-found", "No Moments plan " + id + ".", "id"));
    }

    /** WeCom's rule: text ≤2000 characters; up to 9 images, or one link; not both empty. */
    private static void checkContent(String text, List<Attachment> attachments) {
        if (text.length() > 2000) {
            throw new Problem(HttpStatus.BAD_REQUEST, "invalid-moment-plan", "text: at most 2000 characters.", "text");
        }
        if (text.isBlank() && attachments.isEmpty()) {
            throw new Problem(
                    HttpStatus.BAD_REQUEST,
                    "invalid-moment-plan",
                    "text: a post needs a text or an attachment.",
                    "text");
        }
        long links = attachments.stream().filter(a -> a.kind().equals("link")).count();
        if (links > 1 || (links == 1 && attachments.size() > 1) || attachments.size() > 9) {
            throw new Problem(
                    HttpStatus.BAD_REQUEST,
                    "invalid-moment-plan",
                    "attachments: up to 9 images, or one link, not mixed.",
                    "attachments");
        }
    }

    private static final String SELECT = """
            select id, staff_user_id, text, attachments::text, tag_ids, post_at, local_date, status, job_id,
                moment_id, reason, reach, over_cap
            from journeys.moment_plan where tenant_id = ?""";

    private static Plan plan(ResultSet rs, int row) throws SQLException {
        Array tags = rs.getArray("tag_ids");
        return new Plan(
                rs.getLong("id"),
                rs.getString("staff_user_id"),
                rs.getString("text"),
                AttachmentsJson.read(rs.getString("attachments")),
                Arrays.stream((String[]) tags.getArray()).map(Long::valueOf).toList(),
                Broadcasts.instant(rs, "post_at"),
                rs.getObject("local_date", LocalDate.class),
                rs.getString("status"),
                rs.getString("job_id"),
                rs.getString("moment_id"),
                rs.getString("reason"),
                rs.getInt("reach"),
                rs.getInt("over_cap"));
    }
}
