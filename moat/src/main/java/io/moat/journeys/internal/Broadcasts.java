package io.moat.journeys.internal;

import io.moat.audiences.Audiences;
import io.moat.messaging.Attachment;
import io.moat.messaging.SendBroker;
import io.moat.messaging.SendCount;
import io.moat.shared.Problem;
import io.moat.shared.TenantId;
import io.moat.shared.schedule.Schedule;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;

/**
 * One-off sends to an audience at a chosen moment. Creating one counts the audience now (the preview) and schedules
 * its run ({@link BroadcastRun}); until the run starts it can be cancelled. Each recipient is a send of the broker
 * (consent, quiet hours, caps and quotas apply) under the key {@code broadcast/<id>/customer/<customer>}, so the
 * results summary is the broker's count of those sends by final state and reason. Call in the workspace's scope.
 */
@Service
@Transactional
public class Broadcasts {

    /** A send moment this far in the past is still accepted (the form was filled in a minute ago). */
    static final Duration LATE = Duration.ofMinutes(5);

    private final JdbcClient jdbc;
    private final Audiences audiences;
    private final SendBroker broker;
    private final Schedule schedule;
    private final Clock clock;

    Broadcasts(JdbcClient jdbc, Audiences audiences, SendBroker broker, Schedule schedule, Clock clock) {
        this.jdbc = jdbc;
        this.audiences = audiences;
        this.broker = broker;
        this.schedule = schedule;
        this.clock = clock;
    }

    public record Broadcast(
            long id,
            String name,
            String condition,
            String text,
            Instant sendAt,
            String status,
            long previewCount,
            long requested,
            Instant createdAt,
            @Nullable Instant startedAt,
            @Nullable Instant finishedAt,
            @Nullable Instant cancelledAt) {}

    /** How the recipients ended (or stand): counts per state, and per reason for skipped and failed ones. */
    public record Results(long requested, Map<String, Long> states, Map<String, Long> reasons) {}

    static String journeyTag(long id) {
        return "broadcast-" + id;
    }

    static String sendKey(long id, long customer) {
        return "broadcast/" + id + "/customer/" + customer;
    }

    /** How many customers the condition selects now. */
    @Transactional(readOnly = true)
    public long preview(TenantId tenant, JsonNode condition) {
        return audiences.count(tenant, audiences.parse(condition));
    }

    public Broadcast create(
            TenantId tenant,
            String name,
            JsonNode condition,
            String text,
            List<Attachment> attachments,
            Instant sendAt,
            String actor) {
        var parsed = audiences.parse(condition);
        Instant now = clock.instant();
        if (sendAt.isBefore(now.minus(LATE))) {
            throw new Problem(HttpStatus.BAD_REQUEST, "invalid-broadcast", "sendAt: the moment has passed.", "sendAt");
        }
        if (text.isBlank() && attachments.isEmpty()) {
            throw new Problem(
                    HttpStatus.BAD_REQUEST,
                    "invalid-broadcast",
                    "text: a message needs a text or an attachment.",
                    "text");
        }
        long count = audiences.count(tenant, parsed);
        long id = jdbc.sql("""
                insert into journeys.broadcast (tenant_id, name, condition, text, attachments, send_at, status,
                    preview_count, created_by, created_at)
                values (?, ?, cast(? as jsonb), ?, cast(? as jsonb), ?, 'scheduled', ?, ?, ?) returning id
                """)
                .params(
                        tenant.value(),
                        name,
                        audiences.json(parsed),
                        text,
                        AttachmentsJson.text(attachments),
                        JourneyStore.utc(sendAt),
                        count,
                        actor,
                        JourneyStore.utc(now))
                .query(Long.class)
                .single();
        schedule.schedule(BroadcastRun.KIND, "broadcast:" + id, sendAt.isBefore(now) ? now : sendAt, "{}");
        return get(tenant, id);
    }

    /** Cancels a broadcast whose run has not started; a started one is a 409 (its sends are already asked for). */
    public Broadcast cancel(TenantId tenant, long id) {
        get(tenant, id);
        int changed = jdbc.sql("""
                update journeys.broadcast set status = 'cancelled', cancelled_at = ?
                where tenant_id = ? and id = ? and status = 'scheduled'
                """)
                .params(JourneyStore.utc(clock.instant()), tenant.value(), id)
                .update();
        if (changed == 0) {
            throw new Problem(
                    HttpStatus.CONFLICT,
                    "broadcast-started",
                    "Only a broadcast that has not started can be cancelled.",
                    "status");
        }
        schedule.cancel(BroadcastRun.KIND, "broadcast:" + id);
        return get(tenant, id);
    }

    @Transactional(readOnly = true)
    public List<Broadcast> list(TenantId tenant) {
        return jdbc.sql(SELECT + " order by send_at desc, id desc limit 500")
                .param(tenant.value())
                .query(Broadcasts::broadcast)
                .list();
    }

    @Transactional(readOnly = true)
    public Broadcast get(TenantId tenant, long id) {
        return jdbc.sql(SELECT + " and id = ?")
                .params(tenant.value(), id)
                .query(Broadcasts::broadcast)
                .optional()
                .orElseThrow(() ->
                        new Problem(HttpStatus.NOT_FOUND, "broadcast-not-found", "No broadcast " + id + ".", "id"));
    }

    @Transactional(readOnly = true)
    public Results results(TenantId tenant, long id) {
        Broadcast broadcast = get(tenant, id);
        Map<String, Long> states = new TreeMap<>();
        Map<String, Long> reasons = new TreeMap<>();
        for (SendCount count : broker.journeyCounts(journeyTag(id))) {
            states.merge(count.state().column(), count.count(), Long::sum);
            if (count.reason() != null) {
                reasons.merge(count.reason(), count.count(), Long::sum);
            }
        }
        return new Results(broadcast.requested(), states, reasons);
    }

    private static final String SELECT = """
            select id, name, condition::text, text, send_at, status, preview_count, requested, created_at,
                started_at, finished_at, cancelled_at
            from journeys.broadcast where tenant_id = ?""";

    private static Broadcast broadcast(ResultSet rs, int row) throws SQLException {
        return new Broadcast(
                rs.getLong("id"),
                rs.getString("name"),
                rs.getString("condition"),
                rs.getString("text"),
                instant(rs, "send_at"),
                rs.getString("status"),
                rs.getLong("preview_count"),
                rs.getLong("requested"),
                instant(rs, "created_at"),
                instant(rs, "started_at"),
                instant(rs, "finished_at"),
                instant(rs, "cancelled_at"));
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime at = rs.getObject(column, OffsetDateTime.class);
        return at == null ? null : at.toInstant();
    }
}
