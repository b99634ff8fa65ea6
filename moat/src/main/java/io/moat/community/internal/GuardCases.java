package io.moat.community.internal;

import io.moat.community.policy.GroupGuard;
import io.moat.community.policy.GroupGuard.Action;
import io.moat.shared.TenantId;
import io.moat.tasks.NewTask;
import io.moat.tasks.StaffTasks;
import io.moat.tasks.TaskClosed;
import io.moat.tasks.TaskStatus;
import io.moat.tasks.TaskSubject;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Applies {@link GroupGuard} to a hit and keeps each member's case in a group: hits, the warning task, the removal
 * task with the evidence, and how it ended — the member left, or the owner closed the removal task and they stayed.
 * WeCom has no API to remove a member from a customer group, so the owner does it and Moat watches.
 */
@Component
class GuardCases {

    static final String WARNING = "community.guard-warning";
    static final String REMOVAL = "community.guard-removal";
    static final Duration WARNING_DUE = Duration.ofDays(1);
    static final Duration REMOVAL_DUE = Duration.ofDays(2);

    private final JdbcClient jdbc;
    private final StaffTasks tasks;
    private final TenantWork work;

    GuardCases(JdbcClient jdbc, StaffTasks tasks, TenantWork work) {
        this.jdbc = jdbc;
        this.tasks = tasks;
        this.work = work;
    }

    record Hit(String msgId, String chatId, String memberId, String matched, String content, Instant at) {}

    /** Records the hit and asks the owner to act; returns what the guard decided. */
    Action hit(TenantId tenant, Hit hit, @Nullable String owner) {
        int hits = jdbc.sql("""
                insert into community.guard_case (tenant_id, chat_id, member_id, hits) values (?, ?, ?, 1)
                on conflict (tenant_id, chat_id, member_id) do update set hits = community.guard_case.hits + 1
                returning hits
                """)
                .params(tenant.value(), hit.chatId(), hit.memberId())
                .query(Integer.class)
                .single();
        Action action = GroupGuard.judge(false, true, hits - 1);
        jdbc.sql("""
                insert into community.guard_hit (tenant_id, msg_id, chat_id, member_id, matched, content, action, at)
                values (?, ?, ?, ?, ?, ?, ?, ?)
                """)
                .params(
                        tenant.value(),
                        hit.msgId(),
                        hit.chatId(),
                        hit.memberId(),
                        hit.matched(),
                        hit.content(),
                        action.name().toLowerCase(java.util.Locale.ROOT),
                        GroupRegistry.at(hit.at()))
                .update();
        if (owner == null) {
            return action;
        }
        String key = hit.chatId() + ":" + hit.memberId();
        TaskSubject subject = TaskSubject.member(hit.chatId(), hit.memberId());
        switch (action) {
            case WARN -> {
                var task = tasks.assign(
                        tenant,
                        new NewTask(
                                WARNING,
                                owner,
                                subject,
                                "提醒群成员遵守群规",
                                "成员发送了违规内容（" + hit.matched() + "），请在群内提醒；再犯将建议移出。",
                                Map.of("hits", List.of(evidence(hit))),
                                hit.at().plus(WARNING_DUE),
                                "guard-warning:" + key));
                setTask(tenant, hit, "warning_task", task.id().value());
            }
            case REMOVE -> {
                var task = tasks.assign(
                        tenant,
                        new NewTask(
                                REMOVAL,
                                owner,
                                subject,
                                "移出违规群成员",
                                "成员警告后再次发送违规内容，请将其移出群聊。",
                                Map.of("hits", hits(tenant, hit.chatId(), hit.memberId())),
                                hit.at().plus(REMOVAL_DUE),
                                "guard-removal:" + key));
                setTask(tenant, hit, "removal_task", task.id().value());
            }
            case RECORD, NONE -> {}
        }
        return action;
    }

    /** A member left: a pending removal ended with them gone. */
    void memberLeft(TenantId tenant, String chatId, String memberId, Instant at) {
        jdbc.sql("""
                update community.guard_case set outcome = 'left', resolved_at = ?
                where tenant_id = ? and chat_id = ? and member_id = ? and removal_task is not null and outcome is null
                """)
                .params(GroupRegistry.at(at), tenant.value(), chatId, memberId)
                .update();
    }

    /** The owner closed a removal task while the member is still in the group: they stayed. */
    @TransactionalEventListener
    void on(TaskClosed closed) {
        if (!closed.kind().equals(REMOVAL) || closed.status() == TaskStatus.EXPIRED) {
            return;
        }
        String chatId = closed.subject().chatId();
        String memberId = closed.subject().externalUserId();
        if (chatId == null || memberId == null) {
            return;
        }
        work.run(closed.tenant(), () -> jdbc.sql("""
                        update community.guard_case c set outcome = 'stayed', resolved_at = ?
                        where c.tenant_id = ? and c.chat_id = ? and c.member_id = ? and c.outcome is null
                          and exists (select 1 from community.member m where m.tenant_id = c.tenant_id
                              and m.chat_id = c.chat_id and m.member_id = c.member_id and m.left_at is null)
                        """)
                .params(GroupRegistry.at(closed.at()), closed.tenant().value(), chatId, memberId)
                .update());
    }

    private void setTask(TenantId tenant, Hit hit, String column, long taskId) {
        jdbc.sql("update community.guard_case set " + column
                        + " = ? where tenant_id = ? and chat_id = ? and member_id = ?")
                .params(taskId, tenant.value(), hit.chatId(), hit.memberId())
                .update();
    }

    private List<Map<String, Object>> hits(TenantId tenant, String chatId, String memberId) {
        return jdbc.sql("""
                select msg_id, matched, content, at from community.guard_hit
                where tenant_id = ? and chat_id = ? and member_id = ? order by at, msg_id
                """)
                .params(tenant.value(), chatId, memberId)
                .query((rs, row) -> {
                    Map<String, Object> one = new LinkedHashMap<>();
                    one.put("msgId", rs.getString("msg_id"));
                    one.put("matched", rs.getString("matched"));
                    one.put("content", rs.getString("content"));
                    one.put("at", rs.getTimestamp("at").toInstant().toString());
                    return one;
                })
                .list();
    }

    private static Map<String, Object> evidence(Hit hit) {
        return Map.of(
                "msgId",
                hit.msgId(),
                "matched",
                hit.matched(),
                "content",
                hit.content(),
                "at",
                hit.at().toString());
    }
}
