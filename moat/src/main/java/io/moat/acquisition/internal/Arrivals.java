package io.moat.acquisition.internal;

import io.moat.shared.TenantId;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Adds through a channel's states: one arrival row per add (a repeated callback finds it there), first-touch and
 * last-touch attribution per customer, and the end of the relation when either side deletes it. An add whose state
 * is unknown is kept as a stray add with its reason.
 */
@Component
@Transactional(propagation = Propagation.MANDATORY)
class Arrivals {

    private final JdbcClient jdbc;

    Arrivals(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The channel a state belongs to, with whether it is deleted. */
    record Source(long channelId, boolean channelDeleted, boolean staffRemoved) {}

    /** A new arrival, or empty when this add was already recorded. */
    record Arrival(long id, long channelId) {}

    Optional<Source> source(TenantId tenant, String state) {
        return jdbc.sql("""
                select s.channel_id, c.deleted_at is not null as channel_deleted, s.removed_at is not null as staff_removed
                from acquisition.channel_staff s
                join acquisition.channel c on c.tenant_id = s.tenant_id and c.id = s.channel_id
                where s.tenant_id = ? and s.state = ?
                """).params(tenant.value(), state).query(Source.class).optional();
    }

    Optional<Arrival> record(
            TenantId tenant,
            long channel,
            String staff,
            String externalUserId,
            String state,
            Instant at,
            LocalDate day) {
        Optional<Long> id = jdbc.sql("""
                insert into acquisition.arrival (tenant_id, channel_id, staff_user_id, external_user_id, state, added_at,
                                                 day)
                values (?, ?, ?, ?, ?, ?, ?)
                on conflict do nothing
                returning id
                """)
                .params(tenant.value(), channel, staff, externalUserId, state, utc(at), day)
                .query(Long.class)
                .optional();
        if (id.isEmpty()) {
            return Optional.empty();
        }
        jdbc.sql("""
                insert into acquisition.attribution (tenant_id, external_user_id, first_channel_id, first_at,
                                                     last_channel_id, last_at)
                values (?, ?, ?, ?, ?, ?)
                on conflict (tenant_id, external_user_id) do update
                    set first_channel_id = case when excluded.first_at < acquisition.attribution.first_at
                                                then excluded.first_channel_id else acquisition.attribution.first_channel_id end,
                        first_at = least(acquisition.attribution.first_at, excluded.first_at),
                        last_channel_id = case when excluded.last_at >= acquisition.attribution.last_at
                                               then excluded.last_channel_id else acquisition.attribution.last_channel_id end,
                        last_at = greatest(acquisition.attribution.last_at, excluded.last_at)
                """)
                .params(tenant.value(), externalUserId, channel, utc(at), channel, utc(at))
                .update();
        return Optional.of(new Arrival(id.get(), channel));
    }

    void stray(TenantId tenant, String externalUserId, String staff, String state, String reason, Instant at) {
        jdbc.sql("""
                insert into acquisition.stray_add (tenant_id, external_user_id, staff_user_id, state, reason, at)
                values (?, ?, ?, ?, ?, ?)
                """)
                .params(tenant.value(), externalUserId, staff, state, reason, utc(at))
                .update();
    }

    /** The relation behind the latest open arrival of this customer with this staff member ended. */
    void ended(TenantId tenant, String externalUserId, String staff, String by, Instant at) {
        jdbc.sql("""
                update acquisition.arrival set removed_at = ?, removed_by = ?
                where tenant_id = ? and external_user_id = ? and staff_user_id = ? and removed_at is null
                  and added_at <= ?
                """)
                .params(utc(at), by, tenant.value(), externalUserId, staff, utc(at))
                .update();
    }

    /** A staff member left the company: out of every rotation at once. */
    void staffLeft(TenantId tenant, String staff, Instant at) {
        jdbc.sql("""
                update acquisition.channel_staff set left_at = ?, online = false
                where tenant_id = ? and staff_user_id = ? and left_at is null
                """).params(utc(at), tenant.value(), staff).update();
    }

    private static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }

    static @Nullable Instant instant(@Nullable OffsetDateTime at) {
        return at == null ? null : at.toInstant();
    }
}
