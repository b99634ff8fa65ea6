package io.moat.messaging.internal;

import io.moat.customers.CustomerId;
import io.moat.customers.CustomerLookup;
import io.moat.messaging.SendReasons;
import io.moat.messaging.SendState;
import io.moat.shared.TenantId;
import io.moat.shared.schedule.DueWork;
import io.moat.shared.schedule.DueWorkHandler;
import io.moat.shared.schedule.Outcome;
import io.moat.wecom.WecomMassMessages;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Follows a WeCom task until it ends: once the member confirmed, reads each recipient's result and settles the sends
 * (1 sent; 2 skipped, not a friend; 3 skipped, WeCom's receive cap; 0 failed, not sent); until then reminds the member
 * every {@code remind-every} (at most three times, WeCom's limit within 24 h); at the deadline cancels the task and
 * hands each customer to another of their staff who was not tried yet, or fails the send as unconfirmed.
 */
@Component
class TaskFollowUp implements DueWorkHandler {

    static final String KIND = "messaging.follow";
    static final int MAX_REMINDERS = 3;

    private final JdbcClient jdbc;
    private final SendLog log;
    private final WecomMassMessages wecom;
    private final CustomerLookup customers;
    private final StaffBatching batching;
    private final Policies policies;
    private final MessagingProperties properties;

    TaskFollowUp(
            JdbcClient jdbc,
            SendLog log,
            WecomMassMessages wecom,
            CustomerLookup customers,
            StaffBatching batching,
            Policies policies,
            MessagingProperties properties) {
        this.jdbc = jdbc;
        this.log = log;
        this.wecom = wecom;
        this.customers = customers;
        this.batching = batching;
        this.policies = policies;
        this.properties = properties;
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

    private record Task(
            long id,
            String staff,
            String msgId,
            Instant createdAt,
            Instant deadline,
            int reminders,
            @Nullable Instant lastReminded) {}

    private record Member(long sendId, @Nullable Long customerId, String recipient, List<String> tried) {}

    @Override
    public Outcome handle(DueWork work) {
        TenantId tenant = work.tenant();
        long taskId = Long.parseLong(work.key().substring("task/".length()));
        Task task = jdbc.sql("""
                        select id, staff_user_id, msg_id, created_at, deadline_at, reminders, last_reminded_at
                        from messaging.task where tenant_id = ? and id = ? and state = 'awaiting' for update
                        """)
                .params(tenant.value(), taskId)
                .query((row, n) -> new Task(
                        row.getLong(1),
                        row.getString(2),
                        row.getString(3),
                        row.getObject(4, OffsetDateTime.class).toInstant(),
                        row.getObject(5, OffsetDateTime.class).toInstant(),
                        row.getInt(6),
                        SendLog.instant(row.getObject(7, OffsetDateTime.class))))
                .optional()
                .orElse(null);
        if (task == null) {
            return Outcome.done();
        }
        Instant now = work.now();
        if (wecom.status(tenant, task.msgId(), task.staff()).confirmed()) {
            settleResults(tenant, task, now);
            return Outcome.done();
        }
        if (!now.isBefore(task.deadline())) {
            expire(tenant, task, now);
            return Outcome.done();
        }
        Instant lastNudge = task.lastReminded() == null ? task.createdAt() : task.lastReminded();
        if (task.reminders() < MAX_REMINDERS
                && !now.isBefore(lastNudge.plus(policies.of(tenant).remindEvery()))) {
            int reminders = task.reminders() + 1;
            try {
                wecom.remind(tenant, task.msgId());
            } catch (WecomMassMessages.Refused refused) {
                if (refused.errcode() != 40058) {
                    throw refused;
                }
                // WeCom's three reminders are used up: reminders of an attempt that rolled back (one of a batch of
                // follow-ups failed after this one reminded) still count. Stop reminding rather than fail forever.
                reminders = MAX_REMINDERS;
            }
            jdbc.sql("""
                            update messaging.task set reminders = ?, last_reminded_at = ?
                            where tenant_id = ? and id = ?
                            """)
                    .params(reminders, SendLog.utc(now), tenant.value(), task.id())
                    .update();
        }
        Instant next = now.plus(properties.pollEvery());
        return Outcome.later(next.isAfter(task.deadline()) ? task.deadline() : next);
    }

    private void settleResults(TenantId tenant, Task task, Instant now) {
        Map<String, Integer> statusByRecipient = new HashMap<>();
        for (var result : wecom.results(tenant, task.msgId(), task.staff())) {
            String recipient = result.externalUserId() != null ? result.externalUserId() : result.chatId();
            statusByRecipient.put(recipient, result.status());
        }
        Map<Integer, List<Long>> byStatus = new HashMap<>();
        for (Member member : members(tenant, task.id())) {
            byStatus.computeIfAbsent(statusByRecipient.getOrDefault(member.recipient(), 0), s -> new ArrayList<>())
                    .add(member.sendId());
        }
        byStatus.forEach((status, ids) -> {
            switch (status) {
                case 1 -> log.settle(tenant, ids, SendState.SENT, null, now);
                case 2 -> log.settle(tenant, ids, SendState.SKIPPED, SendReasons.NOT_A_FRIEND, now);
                case 3 -> log.settle(tenant, ids, SendState.SKIPPED, SendReasons.WECOM_RECEIVE_CAP, now);
                default -> log.settle(tenant, ids, SendState.FAILED, SendReasons.NOT_SENT, now);
            }
        });
        close(tenant, task.id(), "settled", now);
    }

    private void expire(TenantId tenant, Task task, Instant now) {
        try {
            wecom.cancel(tenant, task.msgId());
        } catch (WecomMassMessages.Refused refused) {
            // a task WeCom no longer knows cannot be confirmed either; nothing more to stop
        }
        List<Member> members = members(tenant, task.id());
        List<CustomerId> ids = members.stream()
                .filter(m -> m.customerId() != null)
                .map(m -> new CustomerId(m.customerId()))
                .distinct()
                .toList();
        Map<CustomerId, CustomerLookup.Reach> reach = customers.reach(tenant, ids);
        List<Long> unconfirmed = new ArrayList<>();
        List<Long> handedOver = new ArrayList<>();
        List<String> nextStaff = new ArrayList<>();
        for (Member member : members) {
            String next = member.customerId() == null ? null : nextStaff(member, reach, task.staff());
            if (next == null) {
                unconfirmed.add(member.sendId());
            } else {
                handedOver.add(member.sendId());
                nextStaff.add(next);
            }
        }
        if (!handedOver.isEmpty()) {
            // one statement for the task's sends (up to 10,000), not one per send
            jdbc.sql("""
                            update messaging.send s set state = 'queued', task_id = null, staff_user_id = h.next,
                                tried_staff = array_append(s.tried_staff, :expired)
                            from unnest(cast(:ids as bigint[]), cast(:nexts as text[])) as h(id, next)
                            where s.tenant_id = :tenant and s.id = h.id
                            """)
                    .param("expired", task.staff())
                    .param("ids", handedOver.toArray(Long[]::new))
                    .param("nexts", nextStaff.toArray(String[]::new))
                    .param("tenant", tenant.value())
                    .update();
            new TreeSet<>(nextStaff).forEach(next -> batching.expect(next, now));
        }
        log.settle(tenant, unconfirmed, SendState.FAILED, SendReasons.UNCONFIRMED, now);
        close(tenant, task.id(), "expired", now);
    }

    private static @Nullable String nextStaff(
            Member member, Map<CustomerId, CustomerLookup.Reach> reach, String expired) {
        CustomerLookup.Reach customer = reach.get(new CustomerId(member.customerId()));
        if (customer == null) {
            return null;
        }
        return customer.activeStaff().stream()
                .filter(s -> !s.equals(expired) && !member.tried().contains(s))
                .findFirst()
                .orElse(null);
    }

    private List<Member> members(TenantId tenant, long taskId) {
        return jdbc.sql("""
                        select id, customer_id, coalesce(external_user_id, chat_id), tried_staff from messaging.send
                        where tenant_id = ? and task_id = ? and state = 'tasked'
                        """)
                .params(tenant.value(), taskId)
                .query((row, n) -> new Member(
                        row.getLong(1),
                        row.getObject(2) == null ? null : row.getLong(2),
                        row.getString(3),
                        List.of((String[]) row.getArray(4).getArray())))
                .list();
    }

    private void close(TenantId tenant, long taskId, String state, Instant now) {
        jdbc.sql("update messaging.task set state = ?, settled_at = ? where tenant_id = ? and id = ?")
                .params(state, SendLog.utc(now), tenant.value(), taskId)
                .update();
    }
}
