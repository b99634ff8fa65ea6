package io.moat.messaging.internal;

import io.moat.messaging.StaffNotifications;
import io.moat.tasks.TaskAssigned;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Tells a staff member about a task they were given, as a WeCom app message. It listens inside the transaction that
 * assigns the task, so a task never exists without its queued notice, and the task's id as the key means a repeated
 * event queues nothing twice. The notice waits for a free place under the member's 30 a minute.
 */
@Component
class TaskNotices {

    private static final int MAX_TEXT = 600;

    private final StaffNotifications notifications;

    TaskNotices(StaffNotifications notifications) {
        this.notifications = notifications;
    }

    @EventListener
    void on(TaskAssigned assigned) {
        String text = "新任务：" + assigned.title();
        notifications.notify(
                "task:" + assigned.task().value(),
                assigned.assignee(),
                text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) : text);
    }
}
