package io.moat.acquisition.internal;

import io.moat.shared.TenantId;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The record of welcome messages: a row is claimed once per welcome code (or per add without one) before WeCom is
 * called, and ends in exactly one state — sent, failed with WeCom's errcode, or skipped with the reason.
 */
@Component
@Transactional(propagation = Propagation.MANDATORY)
class WelcomeSends {

    private final JdbcClient jdbc;

    WelcomeSends(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Claims the send of this welcome; empty when it was claimed before (a repeated callback). */
    Optional<Long> claim(
            TenantId tenant, long arrival, long channel, String staff, String externalUserId, String key, Instant at) {
        return jdbc.sql("""
                insert into acquisition.welcome_send (tenant_id, arrival_id, channel_id, staff_user_id,
                                                      external_user_id, welcome_key, status, created_at)
                values (?, ?, ?, ?, ?, ?, 'sending', ?)
                on conflict do nothing
                returning id
                """)
                .params(tenant.value(), arrival, channel, staff, externalUserId, key, at.atOffset(ZoneOffset.UTC))
                .query(Long.class)
                .optional();
    }

    void skipped(
            TenantId tenant,
            long arrival,
            long channel,
            String staff,
            String externalUserId,
            String key,
            String reason,
            Instant at) {
        jdbc.sql("""
                insert into acquisition.welcome_send (tenant_id, arrival_id, channel_id, staff_user_id,
                                                      external_user_id, welcome_key, status, reason, created_at,
                                                      finished_at)
                values (?, ?, ?, ?, ?, ?, 'skipped', ?, ?, ?)
                on conflict do nothing
                """)
                .params(
                        tenant.value(),
                        arrival,
                        channel,
                        staff,
                        externalUserId,
                        key,
                        reason,
                        at.atOffset(ZoneOffset.UTC),
                        at.atOffset(ZoneOffset.UTC))
                .update();
    }

    void finish(
            TenantId tenant,
            long id,
            boolean sent,
            @Nullable Integer errcode,
            @Nullable String reason,
            @Nullable String text,
            @Nullable String benefitUrl,
            int attachments,
            Instant at) {
        jdbc.sql("""
                update acquisition.welcome_send
                set status = ?, errcode = ?, reason = ?, text = ?, benefit_url = ?, attachments = ?, finished_at = ?
                where tenant_id = ? and id = ? and status = 'sending'
                """)
                .params(
                        sent ? "sent" : "failed",
                        errcode,
                        reason,
                        text,
                        benefitUrl,
                        attachments,
                        at.atOffset(ZoneOffset.UTC),
                        tenant.value(),
                        id)
                .update();
    }

    /** Sends whose outcome never got recorded (Moat stopped mid-send): failed, since their window is long over. */
    int abandon(TenantId tenant, Instant before, Instant now) {
        return jdbc.sql("""
                update acquisition.welcome_send
                set status = 'failed', reason = 'no outcome recorded within the welcome window (Moat stopped while sending)',
                    finished_at = ?
                where tenant_id = ? and status = 'sending' and created_at < ?
                """)
                .params(now.atOffset(ZoneOffset.UTC), tenant.value(), before.atOffset(ZoneOffset.UTC))
                .update();
    }
}
