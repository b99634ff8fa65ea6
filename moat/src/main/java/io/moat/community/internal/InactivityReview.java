package io.moat.community.internal;

import io.moat.community.policy.GroupType;
import io.moat.community.policy.InactivityRule;
import io.moat.community.policy.InactivityRule.MemberFacts;
import io.moat.community.policy.MemberRole;
import io.moat.shared.TenantId;
import io.moat.tasks.NewTask;
import io.moat.tasks.StaffTasks;
import io.moat.tasks.TaskSubject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Applies a group type's {@link InactivityRule} to a group's current members: the removal candidates, and on request
 * one task per candidate for the owner (idempotent per membership, so a second review asks nothing twice).
 */
@Component
@Transactional
public class InactivityReview {

    static final String KIND = "community.inactive-removal";
    static final Duration DUE = Duration.ofDays(3);

    private final JdbcClient jdbc;
    private final GroupPolicies policies;
    private final StaffTasks tasks;

    InactivityReview(JdbcClient jdbc, GroupPolicies policies, StaffTasks tasks) {
        this.jdbc = jdbc;
        this.policies = policies;
        this.tasks = tasks;
    }

    public record Candidate(
            String memberId,
            @Nullable String name,
            Instant joinedAt,
            @Nullable Instant lastSpokeAt,
            long messagesInWindow,
            String reason) {}

    @Transactional(readOnly = true)
    public List<Candidate> candidates(TenantId tenant, String chatId, Instant now) {
        Optional<GroupType> type = jdbc.sql(
                        "select group_type from community.group_profile where tenant_id = ? and chat_id = ?")
                .params(tenant.value(), chatId)
                .query(String.class)
                .optional()
                .flatMap(GroupType::ofCode);
        if (type.isEmpty()) {
            return List.of();
        }
        InactivityRule rule = policies.policy(tenant, type.get()).inactivity();
        if (rule.isOff()) {
            return List.of();
        }
        Instant windowStart = now.minus(Duration.ofDays(rule.countingDays()));
        var rows = jdbc.sql("""
                select m.member_id, m.name, m.staff, m.role, m.joined_at,
                    (select max(x.sent_at) from community.message x where x.tenant_id = m.tenant_id
                        and x.chat_id = m.chat_id and x.sender = m.member_id and x.sent_at <= ?) as last_spoke,
                    (select count(*) from community.message x where x.tenant_id = m.tenant_id
                        and x.chat_id = m.chat_id and x.sender = m.member_id and x.sent_at > ? and x.sent_at <= ?)
                        as in_window
                from community.member m
                where m.tenant_id = ? and m.chat_id = ? and m.left_at is null
                order by m.joined_at, m.member_id
                """)
                .params(
                        GroupRegistry.at(now),
                        GroupRegistry.at(windowStart),
                        GroupRegistry.at(now),
                        tenant.value(),
                        chatId)
                .query((rs, row) -> {
                    var lastSpoke = rs.getTimestamp("last_spoke");
                    var facts = new MemberFacts(
                            rs.getBoolean("staff"),
                            MemberRole.ofCode(rs.getString("role"))
                                    .orElseThrow()
                                    .isProtected(),
                            rs.getTimestamp("joined_at").toInstant(),
                            lastSpoke == null ? null : lastSpoke.toInstant(),
                            rs.getLong("in_window"));
                    String reason = rule.reason(facts, now);
                    return reason == null
                            ? null
                            : new Candidate(
                                    rs.getString("member_id"),
                                    rs.getString("name"),
                                    facts.joinedAt(),
                                    facts.lastSpokeAt(),
                                    facts.messagesInWindow(),
                                    reason);
                })
                .list();
        List<Candidate> candidates = new ArrayList<>();
        rows.stream().filter(java.util.Objects::nonNull).forEach(candidates::add);
        return candidates;
    }

    /** One removal task per candidate for the group's owner; returns how many tasks are new. */
    public int assign(TenantId tenant, String chatId, Instant now) {
        String owner = jdbc.sql("select owner from community.group_profile where tenant_id = ? and chat_id = ?")
                .params(tenant.value(), chatId)
                .query(String.class)
                .optional()
                .orElse(null);
        if (owner == null) {
            return 0;
        }
        int created = 0;
        for (Candidate candidate : candidates(tenant, chatId, now)) {
            String key = "inactive:" + chatId + ":" + candidate.memberId() + ":"
                    + candidate.joinedAt().getEpochSecond();
            boolean existed = tasks.bySource(tenant, key).isPresent();
            tasks.assign(
                    tenant,
                    new NewTask(
                            KIND,
                            owner,
                            TaskSubject.member(chatId, candidate.memberId()),
                            "移出不活跃群成员",
                            "按群规（" + candidate.reason() + "）建议将该成员移出群聊。",
                            Map.of(
                                    "reason", candidate.reason(),
                                    "lastSpokeAt",
                                            candidate.lastSpokeAt() == null
                                                    ? "never"
                                                    : candidate.lastSpokeAt().toString(),
                                    "messagesInWindow", candidate.messagesInWindow()),
                            now.plus(DUE),
                            key));
            created += existed ? 0 : 1;
        }
        return created;
    }
}
