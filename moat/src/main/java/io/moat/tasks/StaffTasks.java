package io.moat.tasks;

import io.moat.shared.Problem;
import io.moat.shared.TenantId;
import io.moat.shared.context.CallContext;
import io.moat.tasks.internal.TaskStore;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The task list for other modules: assign a task (idempotent by source key), close it as done or dismissed, expire
 * overdue ones, read and list them. Every state change publishes an event in the same transaction. Call in the
 * workspace's scope.
 */
@Service
@Transactional
public class StaffTasks {

    private final TaskStore store;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    StaffTasks(TaskStore store, ApplicationEventPublisher events, Clock clock) {
        this.store = store;
        this.events = events;
        this.clock = clock;
    }

    /**
     * Gives the task to its assignee and publishes {@link TaskAssigned}. A task with the same source key is returned
     * as it stands (whatever its state) and nothing is published again.
     */
    public Task assign(TenantId tenant, NewTask request) {
        Optional<TaskId> id =
                store.insert(tenant, request, CallContext.current().actor(), clock.instant());
        if (id.isEmpty()) {
            return store.bySource(tenant, request.sourceKey()).orElseThrow();
        }
        Task task = store.find(tenant, id.get()).orElseThrow();
        events.publishEvent(
                new TaskAssigned(tenant, task.id(), task.kind(), task.assignee(), task.title(), task.dueAt()));
        return task;
    }

    public Task complete(TenantId tenant, TaskId id, String by, @Nullable String note) {
        return close(tenant, id, TaskStatus.DONE, by, note);
    }

    public Task dismiss(TenantId tenant, TaskId id, String by, @Nullable String note) {
        return close(tenant, id, TaskStatus.DISMISSED, by, note);
    }

    /** Expires every open task of the workspace whose due time has passed; returns how many. */
    public int expireOverdue(TenantId tenant) {
        List<Task> expired = store.expire(tenant, clock.instant());
        expired.forEach(task -> publishClosed(tenant, task));
        return expired.size();
    }

    @Transactional(readOnly = true)
    public Optional<Task> find(TenantId tenant, TaskId id) {
        return store.find(tenant, id);
    }

    @Transactional(readOnly = true)
    public Optional<Task> bySource(TenantId tenant, String sourceKey) {
        return store.bySource(tenant, sourceKey);
    }

    @Transactional(readOnly = true)
    public List<Task> list(TenantId tenant, TaskFilter filter) {
        return store.list(tenant, filter);
    }

    private Task close(TenantId tenant, TaskId id, TaskStatus status, String by, @Nullable String note) {
        Instant now = clock.instant();
        if (!store.close(tenant, id, status, by, note, now)) {
            Task existing = store.find(tenant, id)
                    .orElseThrow(() -> new Problem(
                            HttpStatus.NOT_FOUND, "task-not-found", "There is no task " + id.value() + "."));
            throw new Problem(
                    HttpStatus.CONFLICT,
                    "task-closed",
                    "Task " + id.value() + " is " + existing.status().code() + " already.",
                    "status");
        }
        Task task = store.find(tenant, id).orElseThrow();
        publishClosed(tenant, task);
        return task;
    }

    private void publishClosed(TenantId tenant, Task task) {
        events.publishEvent(new TaskClosed(
                tenant,
                task.id(),
                task.kind(),
                task.status(),
                Objects.requireNonNull(task.closedBy()),
                Objects.requireNonNull(task.closedAt()),
                task.subject(),
                task.sourceKey()));
    }
}
