package io.moat.community.internal;

import io.moat.community.policy.GroupType;
import io.moat.shared.TenantId;
import io.moat.wecom.GroupMessagesArchived;
import io.moat.wecom.GroupMessagesArchived.Message;
import io.moat.wecom.WecomGroups;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Takes archived group messages in: each is stored once (by msgid) for counts and last-spoke times, counted against
 * the keyword library, and an outsider's text goes through the guard. A message from someone the registry does not
 * know yet first refreshes the group from the mirror.
 */
@Component
class MessageLog {

    private final JdbcClient jdbc;
    private final WecomGroups wecom;
    private final GroupRegistry registry;
    private final GroupPolicies policies;
    private final GuardCases guard;
    private final TenantWork work;

    MessageLog(
            JdbcClient jdbc,
            WecomGroups wecom,
            GroupRegistry registry,
            GroupPolicies policies,
            GuardCases guard,
            TenantWork work) {
        this.jdbc = jdbc;
        this.wecom = wecom;
        this.registry = registry;
        this.policies = policies;
        this.guard = guard;
        this.work = work;
    }

    @TransactionalEventListener
    void on(GroupMessagesArchived archived) {
        work.run(archived.tenant(), () -> take(archived.tenant(), archived.messages()));
    }

    void take(TenantId tenant, List<Message> messages) {
        var fresh = messages.stream()
                .sorted(Comparator.comparing(Message::sentAt).thenComparing(Message::msgId))
                .filter(message -> store(tenant, message))
                .toList();
        Map<String, String> texts =
                wecom.messageTexts(tenant, fresh.stream().map(Message::msgId).toList());
        Map<String, Optional<GroupRow>> groups = new HashMap<>();
        for (Message message : fresh) {
            String text = texts.getOrDefault(message.msgId(), "");
            Keywords.count(jdbc, tenant, text, message.sentAt());
            var group = groups.computeIfAbsent(message.chatId(), chat -> group(tenant, chat));
            if (group.isEmpty() || isStaff(tenant, message)) {
                continue;
            }
            var rules = policies.guardRules(tenant, group.get().type());
            rules.firstMatch(message.type(), text)
                    .ifPresent(matched -> guard.hit(
                            tenant,
                            new GuardCases.Hit(
                                    message.msgId(),
                                    message.chatId(),
                                    message.sender(),
                                    matched,
                                    text.isEmpty() ? "[" + message.type() + "]" : text,
                                    message.sentAt()),
                            group.get().owner()));
        }
    }

    private boolean store(TenantId tenant, Message message) {
        return jdbc.sql("""
                        insert into community.message (tenant_id, msg_id, chat_id, sender, sent_at, msg_type)
                        values (?, ?, ?, ?, ?, ?) on conflict do nothing
                        """)
                        .params(
                                tenant.value(),
                                message.msgId(),
                                message.chatId(),
                                message.sender(),
                                GroupRegistry.at(message.sentAt()),
                                message.type())
                        .update()
                == 1;
    }

    private boolean isStaff(TenantId tenant, Message message) {
        Optional<Boolean> staff = staffFlag(tenant, message);
        if (staff.isEmpty()) {
            registry.refresh(tenant, message.chatId(), message.sentAt());
            staff = staffFlag(tenant, message);
        }
        // Someone the mirror has never seen in the group is not one of ours.
        return staff.orElse(false);
    }

    private Optional<Boolean> staffFlag(TenantId tenant, Message message) {
        return jdbc.sql("select staff from community.member where tenant_id = ? and chat_id = ? and member_id = ?")
                .params(tenant.value(), message.chatId(), message.sender())
                .query(Boolean.class)
                .optional();
    }

    record GroupRow(@Nullable String owner, @Nullable GroupType type) {}

    private Optional<GroupRow> group(TenantId tenant, String chatId) {
        var row = find(tenant, chatId);
        if (row.isEmpty()) {
            registry.refresh(tenant, chatId, java.time.Instant.EPOCH);
            row = find(tenant, chatId);
        }
        return row;
    }

    private Optional<GroupRow> find(TenantId tenant, String chatId) {
        return jdbc.sql("select owner, group_type from community.group_profile where tenant_id = ? and chat_id = ?")
                .params(tenant.value(), chatId)
                .query((rs, row) -> new GroupRow(
                        rs.getString("owner"),
                        Optional.ofNullable(rs.getString("group_type"))
                                .flatMap(GroupType::ofCode)
                                .orElse(null)))
                .optional();
    }
}
