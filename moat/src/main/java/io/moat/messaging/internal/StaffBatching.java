package io.moat.messaging.internal;

import io.moat.shared.TenantId;
import io.moat.shared.schedule.DueWork;
import io.moat.shared.schedule.DueWorkHandler;
import io.moat.shared.schedule.Outcome;
import io.moat.shared.schedule.Schedule;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns a staff member's queued sends into WeCom tasks: one task per distinct message (text and attachments) and
 * audience, at most 10,000 customers or 2,000 groups each, higher priorities first. Sends gather for one batch window
 * so the member confirms a few tasks rather than one per customer.
 */
@Component
class StaffBatching implements DueWorkHandler {

    static final String KIND = "messaging.batch";
    static final int MAX_CUSTOMERS = 10_000;
    static final int MAX_GROUPS = 2_000;
    static final java.time.Duration LATE_COMMIT = java.time.Duration.ofSeconds(60);

    private final JdbcClient jdbc;
    private final Schedule schedule;
    private final Policies policies;
    private final MessagingProperties properties;
    private final JsonMapper json;

    StaffBatching(
            JdbcClient jdbc, Schedule schedule, Policies policies, MessagingProperties properties, JsonMapper json) {
        this.jdbc = jdbc;
        this.schedule = schedule;
        this.policies = policies;
        this.properties = properties;
        this.json = json;
    }

    @Override
    public String kind() {
        return KIND;
    }

    /**
     * Makes sure a batch for {@code staff} runs at the end of the current window (idempotent per window), and a
     * second one a few windows later: a send whose transaction commits only after the first batch ran (a slow
     * worker) is picked up by that one instead of waiting for the member's next send.
     *
     * <p>The rows are added when the caller's transaction commits, all of its batch's expectations in one sorted
     * statement ({@link Schedule#scheduleAtCommit}): every send checked for a member expects that member's batch, so
     * two workers checking sends of the same members in different orders would otherwise lock the same batch keys in
     * opposite orders and deadlock.
     */
    void expect(String staff, Instant now) {
        long window = Math.max(1, properties.batchWindow().toMillis());
        long bucket = now.toEpochMilli() / window;
        long late = bucket + 1 + LATE_COMMIT.toMillis() / window;
        String payload = json.writeValueAsString(Map.of("staff", staff));
        schedule.scheduleAtCommit(KIND, staff + "/" + bucket, Instant.ofEpochMilli((bucket + 1) * window), payload);
        schedule.scheduleAtCommit(KIND, staff + "/" + late, Instant.ofEpochMilli((late + 1) * window), payload);
    }

    private record Queued(long id, String channel, String recipient, String body, String attachments) {}

    @Override
    public Outcome handle(DueWork work) {
        TenantId tenant = work.tenant();
        String staff = json.readTree(work.payload()).path("staff").asString();
        List<Queued> queued = jdbc.sql("""
                        select id, channel, coalesce(external_user_id, chat_id), body, attachments::text
                        from messaging.send
                        where tenant_id = ? and staff_user_id = ? and state = 'queued'
                        order by case priority when 'high' then 0 when 'normal' then 1 else 2 end, id
                        limit 50000
                        for update skip locked
                        """)
                .params(tenant.value(), staff)
                .query((row, n) -> new Queued(
                        row.getLong(1), row.getString(2), row.getString(3), row.getString(4), row.getString(5)))
                .list();
        Map<List<String>, List<Queued>> byMessage = new LinkedHashMap<>();
        for (Queued send : queued) {
            String audience = send.channel().equals("group") ? "groups" : "customers";
            byMessage
                    .computeIfAbsent(List.of(audience, send.body(), send.attachments()), k -> new ArrayList<>())
                    .add(send);
        }
        MessagingPolicy policy = policies.of(tenant);
        byMessage.forEach((message, sends) -> {
            int size = message.get(0).equals("groups") ? MAX_GROUPS : MAX_CUSTOMERS;
            for (int from = 0; from < sends.size(); from += size) {
                List<Queued> chunk = sends.subList(from, Math.min(sends.size(), from + size));
                task(tenant, staff, message, chunk, policy, work.now());
            }
        });
        return Outcome.done();
    }

    private void task(
            TenantId tenant,
            String staff,
            List<String> message,
            List<Queued> sends,
            MessagingPolicy policy,
            Instant now) {
        long taskId = jdbc.sql("""
                        insert into messaging.task (tenant_id, staff_user_id, audience, body, attachments, state,
                            created_at, deadline_at)
                        values (?, ?, ?, ?, cast(? as jsonb), 'creating', ?, ?)
                        returning id
                        """)
                .params(
                        tenant.value(),
                        staff,
                        message.get(0),
                        message.get(1),
                        message.get(2),
                        SendLog.utc(now),
                        SendLog.utc(now.plus(policy.confirmWithin())))
                .query(Long.class)
                .single();
        jdbc.sql("update messaging.send set state = 'tasked', task_id = ? where tenant_id = ? and id = any(?)")
                .params(taskId, tenant.value(), sends.stream().map(Queued::id).toArray(Long[]::new))
                .update();
        schedule.schedule(TaskCreation.KIND, "task/" + taskId, now);
    }
}
