package io.moat.messaging.internal;

import io.moat.messaging.SendReasons;
import io.moat.shared.TenantId;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Counts the places a recipient's sends took (queued, tasked or sent; a skipped or failed send gives its place
 * back) against the brand's caps (per local day and week) and WeCom's monthly receive quota. The caller locks the
 * recipient for the rest of the transaction first ({@link #lock}), so two workers checking sends to one customer
 * cannot both take the last place.
 */
@Component
class ReceiveLimits {

    private final JdbcClient jdbc;

    ReceiveLimits(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Locks the recipient until the transaction ends, unless another transaction holds it; answers whether it did. It
     * does not wait: a batch checks its sends in its own order, so two batches waiting for each other's recipients
     * (one holding customer A and wanting B, the other the reverse) would deadlock.
     */
    boolean lock(TenantId tenant, String recipient) {
        return Boolean.TRUE.equals(jdbc.sql("select pg_try_advisory_xact_lock(hashtextextended(?, 0))")
                .param("messaging:" + tenant + ":" + recipient)
                .query(Boolean.class)
                .single());
    }

    /** The reason the send may not take a place now, or null if it may. Call with the recipient {@link #lock locked}. */
    @Nullable
    String refusal(
            TenantId tenant,
            boolean group,
            String recipient,
            PendingSend send,
            MessagingPolicy policy,
            ZoneId zone,
            Instant now) {
        ZonedDateTime local = now.atZone(zone);
        if (!group) {
            Instant day = local.toLocalDate().atStartOfDay(zone).toInstant();
            if (policy.dailyCap() != null && count(tenant, false, recipient, day) >= policy.dailyCap()) {
                return SendReasons.BRAND_CAP;
            }
            Instant week = local.toLocalDate()
                    .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY))
                    .atStartOfDay(zone)
                    .toInstant();
            if (policy.weeklyCap() != null && count(tenant, false, recipient, week) >= policy.weeklyCap()) {
                return SendReasons.BRAND_CAP;
            }
        }
        ZoneId wecom = MessagingPolicy.WECOM_ZONE;
        Instant month = now.atZone(wecom)
                .toLocalDate()
                .withDayOfMonth(1)
                .atStartOfDay(wecom)
                .toInstant();
        if (count(tenant, group, recipient, month) >= policy.quotaFor(send.priority(), now)) {
            return SendReasons.QUOTA;
        }
        return null;
    }

    private long count(TenantId tenant, boolean group, String recipient, Instant since) {
        String column = group ? "chat_id" : "external_user_id";
        return jdbc.sql("select count(*) from messaging.send where tenant_id = ? and " + column
                        + " = ? and counted_at >= ? and state in ('queued', 'tasked', 'sent')")
                .params(tenant.value(), recipient, SendLog.utc(since))
                .query(Long.class)
                .single();
    }
}
