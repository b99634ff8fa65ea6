package io.moat.wecom.callback;

import io.moat.shared.TenantId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The callback inbox: each distinct event stored once, then claimed and processed in arrival order. */
@Component
public class Inbox {

    static final int MAX_ATTEMPTS = 8;

    private final JdbcClient jdbc;
    private final JsonMapper json;

    Inbox(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** One stored event. */
    public record Entry(long id, Map<String, String> fields, int attempts) {
        public String get(String name) {
            return fields.getOrDefault(name, "");
        }
    }

    /** Remembers a transport signature; false when it was seen before (a replay). */
    boolean firstSighting(TenantId tenant, String signature, Instant now) {
        return jdbc.sql("""
                insert into wecom.callback_seen (tenant_id, msg_signature, seen_at) values (?, ?, ?)
                on conflict do nothing
                """)
                        .params(tenant.value(), signature, now.atOffset(ZoneOffset.UTC))
                        .update()
                == 1;
    }

    /** Stores the event unless an identical one is already there; true when it is new. */
    boolean store(TenantId tenant, Map<String, String> fields, Instant now) {
        return jdbc.sql("""
                insert into wecom.inbox (tenant_id, event_key, event, change_type, fields, received_at, next_attempt_at)
                values (?, ?, ?, ?, cast(? as jsonb), ?, ?)
                on conflict (tenant_id, event_key) do nothing
                """)
                        .params(
                                tenant.value(),
                                eventKey(fields),
                                fields.getOrDefault("Event", ""),
                                fields.getOrDefault("ChangeType", ""),
                                json.writeValueAsString(fields),
                                now.atOffset(ZoneOffset.UTC),
                                now.atOffset(ZoneOffset.UTC))
                        .update()
                == 1;
    }

    /** The oldest due event, locked for this transaction; other workers skip it. */
    Optional<Entry> claimNext(TenantId tenant, Instant now) {
        return jdbc.sql("""
                select id, fields::text, attempts from wecom.inbox
                where tenant_id = ? and processed_at is null and failed_at is null and next_attempt_at <= ?
                order by id limit 1 for update skip locked
                """)
                .params(tenant.value(), now.atOffset(ZoneOffset.UTC))
                .query((row, n) -> new Entry(
                        row.getLong(1),
                        json.readValue(row.getString(2), new TypeReference<Map<String, String>>() {}),
                        row.getInt(3)))
                .optional();
    }

    /** Up to {@code limit} of the oldest due events, in arrival order, locked for this transaction. */
    java.util.List<Entry> claimPage(TenantId tenant, Instant now, int limit) {
        return jdbc.sql("""
                select id, fields::text, attempts from wecom.inbox
                where tenant_id = ? and processed_at is null and failed_at is null and next_attempt_at <= ?
                order by id limit ? for update skip locked
                """)
                .params(tenant.value(), now.atOffset(ZoneOffset.UTC), limit)
                .query((row, n) -> new Entry(
                        row.getLong(1),
                        json.readValue(row.getString(2), new TypeReference<Map<String, String>>() {}),
                        row.getInt(3)))
                .list();
    }

    /** Marks these events processed, in one statement. */
    void processed(TenantId tenant, java.util.List<Long> ids, Instant now) {
        jdbc.sql("""
                update wecom.inbox set processed_at = ?, attempts = attempts + 1
                where tenant_id = ? and id = any(?)
                """)
                .params(now.atOffset(ZoneOffset.UTC), tenant.value(), ids.toArray(Long[]::new))
                .update();
    }

    void processed(TenantId tenant, long id, Instant now) {
        jdbc.sql("update wecom.inbox set processed_at = ?, attempts = attempts + 1 where tenant_id = ? and id = ?")
                .params(now.atOffset(ZoneOffset.UTC), tenant.value(), id)
                .update();
    }

    /** Records a failed attempt; retries back off, and after {@link #MAX_ATTEMPTS} the event is parked as failed. */
    void attemptFailed(TenantId tenant, Entry entry, String error, Instant now) {
        int attempts = entry.attempts() + 1;
        OffsetDateTime next =
                now.plus(Duration.ofSeconds(5L << Math.min(attempts, 10))).atOffset(ZoneOffset.UTC);
        jdbc.sql("""
                update wecom.inbox set attempts = ?, next_attempt_at = ?, last_error = ?,
                    failed_at = case when ? >= ? then ? end
                where tenant_id = ? and id = ?
                """)
                .params(
                        attempts,
                        next,
                        truncate(error),
                        attempts,
                        MAX_ATTEMPTS,
                        now.atOffset(ZoneOffset.UTC),
                        tenant.value(),
                        entry.id())
                .update();
    }

    /** How the inbox stands, for the sync status page. */
    public record Summary(
            long pending,
            long processed24h,
            long failed,
            @Nullable OffsetDateTime lastReceivedAt) {}

    @Transactional(readOnly = true)
    public Summary summary(TenantId tenant, Instant now) {
        return jdbc.sql("""
                select count(*) filter (where processed_at is null and failed_at is null) as pending,
                       count(*) filter (where processed_at >= ?) as processed24h,
                       count(*) filter (where failed_at is not null) as failed,
                       max(received_at) as last_received_at
                from wecom.inbox where tenant_id = ?
                """)
                .params(now.minus(Duration.ofHours(24)).atOffset(ZoneOffset.UTC), tenant.value())
                .query(Summary.class)
                .single();
    }

    /**
     * SHA-256 over every field, sorted by name: identical deliveries collide, distinct events never do — unlike
     * FromUserName + CreateTime, which collapses two events of the same second.
     */
    static String eventKey(Map<String, String> fields) {
        StringBuilder canonical = new StringBuilder();
        new TreeMap<>(fields)
                .forEach((name, value) ->
                        canonical.append(name).append('=').append(value).append('\n'));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static String truncate(String error) {
        return error.length() <= 1000 ? error : error.substring(0, 1000);
    }
}
