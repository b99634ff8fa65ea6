package io.moat.messaging.internal;

import io.moat.messaging.StaffNotifications.Notice;
import io.moat.shared.TenantId;
import io.moat.shared.schedule.DueWork;
import io.moat.shared.schedule.DueWorkHandler;
import io.moat.shared.schedule.Outcome;
import io.moat.shared.schedule.Schedule;
import io.moat.wecom.WecomMassMessages;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Sends staff notices within WeCom's 30 app messages a minute per member: before sending, the member is locked and
 * the notices sent to them in the last minute counted; at the limit the notice waits until the oldest of those is a
 * minute old.
 */
@Component
public class NoticeDelivery implements DueWorkHandler {

    static final String KIND = "messaging.notice";
    static final int PER_MINUTE = 30;

    private final JdbcClient jdbc;
    private final Schedule schedule;
    private final WecomMassMessages wecom;
    private final Clock clock;
    private final MessagingProperties properties;

    NoticeDelivery(
            JdbcClient jdbc, Schedule schedule, WecomMassMessages wecom, Clock clock, MessagingProperties properties) {
        this.jdbc = jdbc;
        this.schedule = schedule;
        this.wecom = wecom;
        this.clock = clock;
        this.properties = properties;
    }

    @Override
    public int lanes() {
        return properties.wecomLanes();
    }

    @Override
    public String kind() {
        return KIND;
    }

    /**
     * One notice per transaction: the WeCom call cannot be rolled back, so a later notice's transient failure in a
     * shared batch would undo the 'sent' of notices WeCom already delivered, and they would go out twice.
     */
    @Override
    public int batchSize() {
        return 1;
    }

    public long queue(TenantId tenant, String key, String staff, String text) {
        Instant now = clock.instant();
        Long id = jdbc.sql("""
                        insert into messaging.staff_notice (tenant_id, notice_key, staff_user_id, body, state,
                            requested_at)
                        values (?, ?, ?, ?, 'waiting', ?)
                        on conflict (tenant_id, notice_key) do nothing returning id
                        """)
                .params(tenant.value(), key, staff, text, SendLog.utc(now))
                .query(Long.class)
                .optional()
                .orElse(null);
        if (id == null) {
            return jdbc.sql("select id from messaging.staff_notice where tenant_id = ? and notice_key = ?")
                    .params(tenant.value(), key)
                    .query(Long.class)
                    .single();
        }
        schedule.schedule(KIND, "notice/" + id, now);
        return id;
    }

    public Optional<Notice> find(TenantId tenant, String key) {
        return jdbc.sql("""
                        select id, notice_key, staff_user_id, body, state, reason from messaging.staff_notice
                        where tenant_id = ? and notice_key = ?
                        """)
                .params(tenant.value(), key)
                .query((row, n) -> new Notice(
                        row.getLong(1),
                        row.getString(2),
                        row.getString(3),
                        row.getString(4),
                        row.getString(5),
                        row.getString(6)))
                .optional();
    }

    @Override
    public Outcome handle(DueWork work) {
        TenantId tenant = work.tenant();
        long id = Long.parseLong(work.key().substring("notice/".length()));
        var notice = jdbc.sql("""
                        select staff_user_id, body from messaging.staff_notice
                        where tenant_id = ? and id = ? and state = 'waiting' for update
                        """)
                .params(tenant.value(), id)
                .query((row, n) -> List.of(row.getString(1), row.getString(2)))
                .optional()
                .orElse(null);
        if (notice == null) {
            return Outcome.done();
        }
        String staff = notice.get(0);
        Instant now = work.now();
        if (!wecom.configured(tenant)) {
            // nothing to wait for: a workspace without WeCom has no app to deliver through
            jdbc.sql("update messaging.staff_notice set state = 'failed', reason = 'wecom_not_configured' "
                            + "where tenant_id = ? and id = ?")
                    .params(tenant.value(), id)
                    .update();
            return Outcome.done();
        }
        jdbc.sql("select pg_advisory_xact_lock(hashtextextended(?, 0))")
                .param("notice:" + tenant + ":" + staff)
                .query()
                .singleValue();
        List<Instant> lastMinute = jdbc.sql("""
                        select sent_at from messaging.staff_notice
                        where tenant_id = ? and staff_user_id = ? and state = 'sent' and sent_at > ?
                        order by sent_at
                        """)
                .params(tenant.value(), staff, SendLog.utc(now.minus(Duration.ofMinutes(1))))
                .query((row, n) -> row.getObject(1, OffsetDateTime.class).toInstant())
                .list();
        if (lastMinute.size() >= PER_MINUTE) {
            // a second of margin: WeCom's window starts when the message arrived, a moment after we stamped it
            return Outcome.later(lastMinute.get(lastMinute.size() - PER_MINUTE).plus(Duration.ofSeconds(61)));
        }
        String state = "sent";
        String reason = null;
        try {
            wecom.notifyStaff(tenant, List.of(staff), notice.get(1));
        } catch (WecomMassMessages.Refused refused) {
            if (refused.errcode() == -1 || refused.errcode() == 45009) {
                throw refused; // transient: the schedule retries with backoff
            }
            state = "failed";
            reason = "wecom_" + refused.errcode();
        }
        // stamped after the call returned, so our minute never starts before WeCom's does
        Instant sentAt = clock.instant().isAfter(now) ? clock.instant() : now;
        jdbc.sql("update messaging.staff_notice set state = ?, reason = ?, sent_at = ? where tenant_id = ? and id = ?")
                .params(state, reason, SendLog.utc(sentAt), tenant.value(), id)
                .update();
        return Outcome.done();
    }
}
