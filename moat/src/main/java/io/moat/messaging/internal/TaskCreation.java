package io.moat.messaging.internal;

import io.moat.messaging.SendReasons;
import io.moat.messaging.SendState;
import io.moat.shared.TenantId;
import io.moat.shared.schedule.DueWork;
import io.moat.shared.schedule.DueWorkHandler;
import io.moat.shared.schedule.Outcome;
import io.moat.shared.schedule.Schedule;
import io.moat.wecom.WecomMassMessages;
import io.moat.wecom.WecomMassMessages.Audience;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Creates a task in WeCom ({@code add_msg_template}) for a batch of sends. WeCom has no idempotency key for this
 * call, and the handler's transaction can roll back after WeCom created the task (a later row of the same batch
 * failed, or the process died before the commit). So the call's intent is committed first ({@link CallIntents}); an
 * attempt that finds an earlier intent — whatever its attempt count, since a batch that rolled back re-runs its rows
 * with the same count — first looks for the task among the member's mass messages since the batch was made (the same
 * text, recipients all ours, not already adopted by another of our tasks) and adopts it instead of creating a second.
 */
@Component
class TaskCreation implements DueWorkHandler {

    static final String KIND = "messaging.task";

    private final JdbcClient jdbc;
    private final SendLog log;
    private final WecomMassMessages wecom;
    private final Schedule schedule;
    private final MessagingProperties properties;
    private final JsonMapper json;
    private final CallIntents intents;

    TaskCreation(
            JdbcClient jdbc,
            SendLog log,
            WecomMassMessages wecom,
            Schedule schedule,
            MessagingProperties properties,
            JsonMapper json,
            CallIntents intents) {
        this.jdbc = jdbc;
        this.log = log;
        this.wecom = wecom;
        this.schedule = schedule;
        this.properties = properties;
        this.json = json;
        this.intents = intents;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public int batchSize() {
        return properties.tasksPerRun();
    }

    @Override
    public int lanes() {
        return properties.wecomLanes();
    }

    private record Task(long id, String staff, Audience audience, String body, String attachments, Instant createdAt) {}

    private record Member(long sendId, String recipient) {}

    @Override
    public Outcome handle(DueWork work) {
        TenantId tenant = work.tenant();
        long taskId = Long.parseLong(work.key().substring("task/".length()));
        Task task = jdbc.sql("""
                        select id, staff_user_id, audience, body, attachments::text, created_at from messaging.task
                        where tenant_id = ? and id = ? and state = 'creating' for update
                        """)
                .params(tenant.value(), taskId)
                .query((row, n) -> new Task(
                        row.getLong(1),
                        row.getString(2),
                        row.getString(3).equals("groups") ? Audience.GROUPS : Audience.CUSTOMERS,
                        row.getString(4),
                        row.getString(5),
                        row.getObject(6, java.time.OffsetDateTime.class).toInstant()))
                .optional()
                .orElse(null);
        if (task == null) {
            return Outcome.done();
        }
        List<Member> members = jdbc.sql("""
                        select id, coalesce(external_user_id, chat_id) from messaging.send
                        where tenant_id = ? and task_id = ? and state = 'tasked' order by id
                        """)
                .params(tenant.value(), taskId)
                .query((row, n) -> new Member(row.getLong(1), row.getString(2)))
                .list();
        Instant now = work.now();
        if (members.isEmpty()) {
            finish(tenant, taskId, "settled", null);
            return Outcome.done();
        }
        if (!wecom.configured(tenant)) {
            log.settle(tenant, ids(members), SendState.FAILED, SendReasons.WECOM_NOT_CONFIGURED, now);
            finish(tenant, taskId, "failed", null);
            return Outcome.done();
        }
        List<String> recipients = members.stream().map(Member::recipient).toList();
        WecomMassMessages.Task created;
        String subject = "task/" + taskId;
        try {
            Optional<WecomMassMessages.Task> earlier = intents.announced(tenant, subject)
                    ? earlierAttempt(tenant, task, recipients, now)
                    : Optional.empty();
            if (earlier.isPresent()) {
                created = earlier.get();
            } else {
                intents.announce(tenant, subject, now);
                created = wecom.create(
                        tenant, task.audience(), task.staff(), recipients, task.body(), pieces(task.attachments()));
            }
        } catch (WecomMassMessages.Refused refused) {
            if (refused.errcode() == -1) {
                if (work.attempts() < maxAttempts()) {
                    throw refused; // busy, unreachable or the answer lost: the schedule tries again later
                }
                // The last attempt: settle on what WeCom's own list says (see lastLook).
                Optional<WecomMassMessages.Task> there;
                try {
                    there = lastLook(tenant, task, recipients, now);
                } catch (WecomMassMessages.Refused unreadable) {
                    return Outcome.later(now.plus(Duration.ofHours(1)));
                }
                if (there.isEmpty()) {
                    log.settle(tenant, ids(members), SendState.FAILED, SendReasons.WECOM_BUSY, now);
                    finish(tenant, taskId, "failed", null);
                    return Outcome.done();
                }
                created = there.get();
            } else {
                String reason = refused.errcode() == 41048
                        ? SendReasons.NOT_A_FRIEND
                        : SendReasons.wecomRefused(refused.errcode());
                SendState state = refused.errcode() == 41048 ? SendState.SKIPPED : SendState.FAILED;
                log.settle(tenant, ids(members), state, reason, now);
                finish(tenant, taskId, "failed", null);
                return Outcome.done();
            }
        }
        return awaiting(tenant, taskId, members, created, now);
    }

    /**
     * The last attempt met -1 too. The answer of any attempt may have been lost after WeCom created the task, so the
     * sends fail only once WeCom's list shows no task of ours: then nothing can reach the customers and the failure
     * is the truth; a task found there is adopted. If even the list cannot be read (the caller catches the refusal),
     * the row waits an hour and starts a new round of attempts, each of which looks for the task first: marking the
     * sends failed without knowing could record as failed a send the staff member then confirms.
     *
     * <p>Why fail rather than queue the sends for a later batch: a WeCom that stayed busy through every attempt
     * (about ten minutes of backoff) is an outage the operator should see, send by send, with its reason; re-queued
     * sends would go out late, after the quiet-hours and cap decisions that admitted them, or circle for as long as
     * the outage lasts.
     */
    private Optional<WecomMassMessages.Task> lastLook(
            TenantId tenant, Task task, List<String> recipients, Instant now) {
        return earlierAttempt(tenant, task, recipients, now);
    }

    private Outcome awaiting(
            TenantId tenant, long taskId, List<Member> members, WecomMassMessages.Task created, Instant now) {
        Set<String> refused = new HashSet<>(created.refused());
        List<Long> notFriends = members.stream()
                .filter(m -> refused.contains(m.recipient()))
                .map(Member::sendId)
                .toList();
        log.settle(tenant, notFriends, SendState.SKIPPED, SendReasons.NOT_A_FRIEND, now);
        finish(tenant, taskId, "awaiting", created.msgId());
        schedule.schedule(TaskFollowUp.KIND, "task/" + taskId, now.plus(properties.pollEvery()));
        return Outcome.done();
    }

    /** The task an earlier attempt created, if WeCom has one with our text for exactly our recipients. */
    private Optional<WecomMassMessages.Task> earlierAttempt(
            TenantId tenant, Task task, List<String> recipients, Instant now) {
        Set<String> ours = Set.copyOf(recipients);
        Set<String> adopted = Set.copyOf(jdbc.sql("""
                        select msg_id from messaging.task
                        where tenant_id = ? and staff_user_id = ? and msg_id is not null and id <> ?
                          and created_at >= ?
                        """)
                .params(
                        tenant.value(),
                        task.staff(),
                        task.id(),
                        SendLog.utc(task.createdAt().minus(Duration.ofDays(1))))
                .query(String.class)
                .list());
        Instant from = task.createdAt().minus(Duration.ofMinutes(1));
        for (var listed : wecom.createdFor(tenant, task.audience(), task.staff(), from, now.plusSeconds(60))) {
            if (!listed.text().equals(task.body()) || adopted.contains(listed.msgId())) {
                continue; // another message, or the task of another of our batches
            }
            Set<String> theirs = wecom.results(tenant, listed.msgId(), task.staff()).stream()
                    .map(r -> r.externalUserId() != null ? r.externalUserId() : r.chatId())
                    .collect(Collectors.toSet());
            Set<String> refused = new HashSet<>(ours);
            refused.removeAll(theirs);
            if (ours.containsAll(theirs) && !theirs.isEmpty()) {
                return Optional.of(new WecomMassMessages.Task(listed.msgId(), List.copyOf(refused)));
            }
        }
        return Optional.empty();
    }

    private void finish(TenantId tenant, long taskId, String state, @Nullable String msgId) {
        jdbc.sql("""
                        update messaging.task set state = ?, msg_id = ?,
                            settled_at = case when ? in ('settled', 'failed') then now() end
                        where tenant_id = ? and id = ?
                        """).params(state, msgId, state, tenant.value(), taskId).update();
    }

    private List<WecomMassMessages.Piece> pieces(String attachments) {
        JsonNode array = json.readTree(attachments);
        return java.util.stream.StreamSupport.stream(array.spliterator(), false)
                .map(a -> new WecomMassMessages.Piece(
                        a.path("kind").asString(),
                        a.path("mediaId").asString(null),
                        a.path("title").asString(null),
                        a.path("url").asString(null)))
                .toList();
    }

    private static List<Long> ids(List<Member> members) {
        return members.stream().map(Member::sendId).toList();
    }
}
