package io.moat.messaging.internal;

import io.moat.messaging.Channel;
import io.moat.messaging.SendRecorded;
import io.moat.messaging.SendRequest;
import io.moat.shared.Problem;
import io.moat.shared.TenantId;
import io.moat.shared.schedule.Schedule;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Records requested sends in the send log and schedules their checks. */
@Component
public class SendIntake {

    static final Duration DEFAULT_HOLD = Duration.ofHours(24);

    private final JdbcClient jdbc;
    private final Schedule schedule;
    private final ApplicationEventPublisher events;
    private final JsonMapper json;
    private final Clock clock;

    SendIntake(JdbcClient jdbc, Schedule schedule, ApplicationEventPublisher events, JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.schedule = schedule;
        this.events = events;
        this.json = json;
        this.clock = clock;
    }

    /** Records the send once per key and answers its id. Call inside a transaction. */
    public long record(TenantId tenant, SendRequest request) {
        String body;
        try {
            body = request.content().rendered();
        } catch (IllegalArgumentException e) {
            throw new Problem(HttpStatus.BAD_REQUEST, "send-content-invalid", e.getMessage(), "content");
        }
        Instant now = clock.instant();
        Instant notBefore =
                request.notBefore() == null || request.notBefore().isBefore(now) ? now : request.notBefore();
        Duration hold = request.holdFor() == null ? DEFAULT_HOLD : request.holdFor();
        Long id = jdbc.sql("""
                        insert into messaging.send (tenant_id, send_key, journey_id, step_id, channel, customer_id,
                            chat_id, staff_user_id, body, attachments, welcome_code, priority, not_before, hold_until,
                            requested_at, state)
                        values (:tenant, :key, :journey, :step, :channel, :customer, :chat, :staff, :body,
                            cast(:attachments as jsonb), :code, :priority, :notBefore, :holdUntil, :now, 'pending')
                        on conflict (tenant_id, send_key) do nothing
                        returning id
                        """)
                .param("tenant", tenant.value())
                .param("key", request.key())
                .param("journey", request.journeyId())
                .param("step", request.stepId())
                .param("channel", request.channel().name().toLowerCase(Locale.ROOT))
                .param(
                        "customer",
                        request.customer() == null ? null : request.customer().value())
                .param("chat", request.chatId())
                .param("staff", request.staffUserId())
                .param("body", body)
                .param("attachments", json.writeValueAsString(request.content().attachments()))
                .param("code", request.welcomeCode())
                .param("priority", request.priority().name().toLowerCase(Locale.ROOT))
                .param("notBefore", SendLog.utc(notBefore))
                .param("holdUntil", SendLog.utc(notBefore.plus(hold)))
                .param("now", SendLog.utc(now))
                .query(Long.class)
                .optional()
                .orElse(null);
        if (id == null) {
            return jdbc.sql("select id from messaging.send where tenant_id = ? and send_key = ?")
                    .params(tenant.value(), request.key())
                    .query(Long.class)
                    .single();
        }
        // at commit, with the caller's other sends: one insert for a journey batch's sends rather than one each
        schedule.scheduleAtCommit(SendChecks.KIND, "send/" + id, notBefore, "{\"send\":" + id + "}");
        events.publishEvent(new SendRecorded(
                tenant,
                id,
                request.key(),
                request.channel(),
                request.customer(),
                request.chatId(),
                request.journeyId(),
                request.stepId()));
        return id;
    }

    static boolean isGroup(Channel channel) {
        return channel == Channel.GROUP;
    }
}
