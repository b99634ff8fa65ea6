package io.moat.messaging.internal;

import io.moat.customers.CustomerId;
import io.moat.messaging.Channel;
import io.moat.messaging.Priority;
import io.moat.messaging.SendCount;
import io.moat.messaging.SendRecorded;
import io.moat.messaging.SendSearch;
import io.moat.messaging.SendSettled;
import io.moat.messaging.SendState;
import io.moat.messaging.SendView;
import io.moat.messaging.WelcomeOutcome;
import io.moat.shared.TenantId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The send log table: reads, and the one place a send reaches its final state (so {@link SendSettled} is published
 * exactly when a row turns final, never twice).
 */
@Component
public class SendLog {

    static final String COLUMNS = """
            s.id, s.send_key, s.channel, s.customer_id, s.external_user_id, s.chat_id, s.staff_user_id, s.body,
            s.priority, s.state, s.reason, s.journey_id, s.step_id, s.requested_at, s.not_before, s.settled_at,
            (select t.msg_id from messaging.task t where t.tenant_id = s.tenant_id and t.id = s.task_id)""";

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;

    SendLog(JdbcClient jdbc, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.events = events;
    }

    public Optional<SendView> byKey(TenantId tenant, String key) {
        return jdbc.sql("select " + COLUMNS + " from messaging.send s where s.tenant_id = ? and s.send_key = ?")
                .params(tenant.value(), key)
                .query((row, n) -> view(row))
                .optional();
    }

    public Optional<SendView> byId(TenantId tenant, long id) {
        return jdbc.sql("select " + COLUMNS + " from messaging.send s where s.tenant_id = ? and s.id = ?")
                .params(tenant.value(), id)
                .query((row, n) -> view(row))
                .optional();
    }

    public List<SendView> search(TenantId tenant, SendSearch search) {
        return jdbc.sql("select " + COLUMNS + """
                         from messaging.send s
                        where s.tenant_id = :tenant
                          and (cast(:customer as bigint) is null or s.customer_id = :customer)
                          and (cast(:state as text) is null or s.state = :state)
                          and (cast(:reason as text) is null or s.reason = :reason)
                          and (cast(:journey as text) is null or s.journey_id = :journey)
                          and (cast(:step as text) is null or s.step_id = :step)
                          and (cast(:before as bigint) is null or s.id < :before)
                        order by s.id desc
                        limit :limit
                        """)
                .param("tenant", tenant.value())
                .param("customer", search.customerId())
                .param("state", search.state() == null ? null : search.state().column())
                .param("reason", search.reason())
                .param("journey", search.journeyId())
                .param("step", search.stepId())
                .param("before", search.beforeId())
                .param("limit", search.limit())
                .query((row, n) -> view(row))
                .list();
    }

    public List<SendCount> journeyCounts(TenantId tenant, String journeyId) {
        return jdbc.sql("""
                        select step_id, state, reason, count(*) from messaging.send
                        where tenant_id = ? and journey_id = ?
                        group by step_id, state, reason
                        order by step_id, state, reason
                        """)
                .params(tenant.value(), journeyId)
                .query((row, n) -> new SendCount(
                        row.getString(1), SendState.of(row.getString(2)), row.getString(3), row.getLong(4)))
                .list();
    }

    /**
     * Settles the sends that are not final yet and publishes {@link SendSettled} for each; sends already final are
     * left as they are (their first final state stands).
     */
    public int settle(TenantId tenant, List<Long> sendIds, SendState state, @Nullable String reason, Instant at) {
        if (!state.isFinal()) {
            throw new IllegalArgumentException(state + " is not a final state");
        }
        if (sendIds.isEmpty()) {
            return 0;
        }
        List<SendSettled> settled = jdbc.sql("""
                        update messaging.send set state = :state, reason = :reason, settled_at = :at
                        where tenant_id = :tenant and id = any(:ids) and state not in ('sent', 'skipped', 'failed')
                        returning id, send_key, customer_id, chat_id, journey_id, step_id
                        """)
                .param("state", state.column())
                .param("reason", reason)
                .param("at", utc(at))
                .param("tenant", tenant.value())
                .param("ids", sendIds.toArray(Long[]::new))
                .query((row, n) -> new SendSettled(
                        tenant,
                        row.getLong(1),
                        row.getString(2),
                        state,
                        reason,
                        row.getObject(3) == null ? null : new CustomerId(row.getLong(3)),
                        row.getString(4),
                        row.getString(5),
                        row.getString(6),
                        at))
                .list();
        settled.forEach(events::publishEvent);
        return settled.size();
    }

    /**
     * Enters a welcome that was sent (or skipped) outside the broker straight in its final state, once per key, and
     * publishes {@link SendRecorded} and {@link SendSettled} for it; a second call with the same key changes nothing.
     * The customer may be unknown yet (their profile is projected from the same add): the row then names the WeCom
     * customer only. Answers the send's id.
     */
    public long recordWelcome(TenantId tenant, WelcomeOutcome outcome, @Nullable CustomerId customer) {
        Long id = jdbc.sql("""
                        insert into messaging.send (tenant_id, send_key, channel, customer_id, external_user_id,
                            staff_user_id, body, priority, not_before, hold_until, requested_at, state, reason,
                            settled_at)
                        values (:tenant, :key, 'welcome', :customer, :externalUserId, :staff, :body, 'high', :at, :at,
                            :at, :state, :reason, :at)
                        on conflict (tenant_id, send_key) do nothing
                        returning id
                        """)
                .param("tenant", tenant.value())
                .param("key", outcome.key())
                .param("customer", customer == null ? null : customer.value())
                .param("externalUserId", outcome.externalUserId())
                .param("staff", outcome.staffUserId())
                .param("body", outcome.text())
                .param("at", utc(outcome.at()))
                .param("state", outcome.state().column())
                .param("reason", outcome.reason())
                .query(Long.class)
                .optional()
                .orElse(null);
        if (id == null) {
            return jdbc.sql("select id from messaging.send where tenant_id = ? and send_key = ?")
                    .params(tenant.value(), outcome.key())
                    .query(Long.class)
                    .single();
        }
        events.publishEvent(new SendRecorded(tenant, id, outcome.key(), Channel.WELCOME, customer, null, null, null));
        events.publishEvent(new SendSettled(
                tenant,
                id,
                outcome.key(),
                outcome.state(),
                outcome.reason(),
                customer,
                null,
                null,
                null,
                outcome.at()));
        return id;
    }

    static SendView view(ResultSet row) throws SQLException {
        return new SendView(
                row.getLong(1),
                row.getString(2),
                Channel.valueOf(row.getString(3).toUpperCase(Locale.ROOT)),
                row.getObject(4) == null ? null : row.getLong(4),
                row.getString(5),
                row.getString(6),
                row.getString(7),
                row.getString(8),
                Priority.valueOf(row.getString(9).toUpperCase(Locale.ROOT)),
                SendState.of(row.getString(10)),
                row.getString(11),
                row.getString(12),
                row.getString(13),
                row.getObject(14, OffsetDateTime.class).toInstant(),
                row.getObject(15, OffsetDateTime.class).toInstant(),
                instant(row.getObject(16, OffsetDateTime.class)),
                row.getString(17));
    }

    static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    static @Nullable Instant instant(@Nullable OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
