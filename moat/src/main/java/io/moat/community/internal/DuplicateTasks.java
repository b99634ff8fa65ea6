package io.moat.community.internal;

import io.moat.shared.TenantId;
import io.moat.tasks.NewTask;
import io.moat.tasks.StaffTasks;
import io.moat.tasks.TaskSubject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * One click for the de-duplication list: a customer in several live groups of one type keeps the group they joined
 * first; the owner of each later group gets a task to move them out. Idempotent per member and group.
 */
@Component
@Transactional
public class DuplicateTasks {

    static final String KIND = "community.duplicate-member";

    private final GroupDirectory directory;
    private final StaffTasks tasks;

    DuplicateTasks(GroupDirectory directory, StaffTasks tasks) {
        this.directory = directory;
        this.tasks = tasks;
    }

    /** Returns how many tasks are new. */
    public int assign(TenantId tenant, Instant now) {
        int created = 0;
        for (var duplicate : directory.duplicates(tenant)) {
            String kept = duplicate.chatIds().getFirst();
            for (String chatId :
                    duplicate.chatIds().subList(1, duplicate.chatIds().size())) {
                String owner = directory.group(tenant, chatId).owner();
                if (owner == null) {
                    continue;
                }
                String key = "duplicate:" + chatId + ":" + duplicate.memberId();
                boolean existed = tasks.bySource(tenant, key).isPresent();
                tasks.assign(
                        tenant,
                        new NewTask(
                                KIND,
                                owner,
                                TaskSubject.member(chatId, duplicate.memberId()),
                                "成员重复入群",
                                "该成员已在同类型的群中，建议保留最早加入的群，将其移出本群。",
                                Map.of("type", duplicate.type().code(), "keptIn", kept, "groups", duplicate.chatIds()),
                                now.plus(Duration.ofDays(3)),
                                key));
                created += existed ? 0 : 1;
            }
        }
        return created;
    }
}
