package io.moat.acquisition.internal;

import io.moat.messaging.SendBroker;
import io.moat.messaging.SendKey;
import io.moat.messaging.SendReasons;
import io.moat.messaging.SendState;
import io.moat.messaging.WelcomeOutcome;
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
 * called, and ends in exactly one state — sent, failed with WeCom's errcode, or skipped with the reason. The moment a
 * row ends, in the same transaction, the welcome enters the common send log ({@link SendBroker#recordWelcome}) under
 * the key {@code welcome/channel/<id>/<welcome key>}, so the send log holds exactly one row per add as well.
 */
@Component
@Transactional(propagation = Propagation.MANDATORY)
class WelcomeSends {

    private final JdbcClient jdbc;
    private final SendBroker broker;

    WelcomeSends(JdbcClient jdbc, SendBroker broker) {
        this.jdbc = jdbc;
        this.broker = broker;
    }

    /** Why a welcome was skipped: the words for the acquisition record and the send log's reason code. */
    enum Skip {
        NO_WELCOME_CODE(
                "no welcome code: WeCom applies the admin console's welcome message, or the customer had chatted",
                SendReasons.NO_WELCOME_CODE),
        CHANNEL_DELETED("channel code deleted", SendReasons.CHANNEL_DELETED);

        final String reason;
        final String code;

        Skip(String reason, String code) {
            this.reason = reason;
            this.code = code;
        }
    }

    /** The columns a finished row answers, to enter it into the send log. */
    private record Finished(
            @Nullable Long channel,
            String staff,
            String externalUserId,
            String key,
            @Nullable String text,
            String status,
            @Nullable Integer errcode) {}

    private static final String FINISHED =
            "returning channel_id, staff_user_id, external_user_id, welcome_key, text, status, errcode";

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
            Skip skip,
            Instant at) {
        jdbc.sql("""
                insert into acquisition.welcome_send (tenant_id, arrival_id, channel_id, staff_user_id,
                                                      external_user_id, welcome_key, status, reason, created_at,
                                                      finished_at)
                values (?, ?, ?, ?, ?, ?, 'skipped', ?, ?, ?)
                on conflict do nothing
                """ + FINISHED)
                .params(
                        tenant.value(),
                        arrival,
                        channel,
                        staff,
                        externalUserId,
                        key,
                        skip.reason,
                        at.atOffset(ZoneOffset.UTC),
                        at.atOffset(ZoneOffset.UTC))
                .query(WelcomeSends::finished)
                .optional()
                .ifPresent(row -> log(row, skip.code, at));
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
                """ + FINISHED)
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
                .query(WelcomeSends::finished)
                .optional()
                .ifPresent(row -> log(row, null, at));
    }

    /** Sends whose outcome never got recorded (Moat stopped mid-send): failed, since their window is long over. */
    int abandon(TenantId tenant, Instant before, Instant now) {
        var abandoned = jdbc.sql("""
                update acquisition.welcome_send
                set status = 'failed', reason = 'no outcome recorded within the welcome window (Moat stopped while sending)',
                    finished_at = ?
                where tenant_id = ? and status = 'sending' and created_at < ?
                """ + FINISHED)
                .params(now.atOffset(ZoneOffset.UTC), tenant.value(), before.atOffset(ZoneOffset.UTC))
                .query(WelcomeSends::finished)
                .list();
        abandoned.forEach(row -> log(row, null, now));
        return abandoned.size();
    }

    private void log(Finished row, @Nullable String skipCode, Instant at) {
        SendState state = SendState.of(row.status());
        String reason =
                switch (state) {
                    case SENT -> null;
                    case SKIPPED -> skipCode;
                    default -> failure(row.errcode());
                };
        broker.recordWelcome(new WelcomeOutcome(
                SendKey.welcome("channel/" + row.channel(), row.key()),
                row.externalUserId(),
                row.staff(),
                row.text() == null ? "" : row.text(),
                state,
                reason,
                at));
    }

    /** The send log's reason for a failed welcome, as the broker's own welcomes give it. */
    static String failure(@Nullable Integer errcode) {
        if (errcode == null) {
            return SendReasons.WELCOME_NOT_SENT;
        }
        return errcode == 41050 || errcode == 41051
                ? SendReasons.WELCOME_CODE_EXPIRED
                : SendReasons.wecomRefused(errcode);
    }

    private static Finished finished(java.sql.ResultSet row, int n) throws java.sql.SQLException {
        return new Finished(
                row.getObject(1) == null ? null : row.getLong(1),
                row.getString(2),
                row.getString(3),
                row.getString(4),
                row.getString(5),
                row.getString(6),
                row.getObject(7) == null ? null : row.getInt(7));
    }
}
