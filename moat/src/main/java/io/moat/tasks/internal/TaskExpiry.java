package io.moat.tasks.internal;

import io.moat.shared.context.CallContext;
import io.moat.tasks.StaffTasks;
import io.moat.workspace.WorkspaceDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Closes overdue open tasks as expired, workspace by workspace, so a list of open tasks stays a list of live work. */
@Component
class TaskExpiry {

    private static final Logger log = LoggerFactory.getLogger(TaskExpiry.class);

    private final WorkspaceDirectory directory;
    private final StaffTasks tasks;

    TaskExpiry(WorkspaceDirectory directory, StaffTasks tasks) {
        this.directory = directory;
        this.tasks = tasks;
    }

    // The first run waits a whole interval too: a test that moves a simulated clock days ahead sets the interval
    // long, and must not find its tasks expired by a run that started a fixed minute after the context.
    @Scheduled(
            fixedDelayString = "${moat.tasks.expiry-interval:5m}",
            initialDelayString = "${moat.tasks.expiry-interval:5m}")
    void expireAll() {
        for (var workspace : directory.all()) {
            try {
                CallContext.forTenant(workspace.tenant(), "task-expiry")
                        .run(() -> tasks.expireOverdue(workspace.tenant()));
            } catch (RuntimeException e) {
                log.warn("Task expiry for {} failed: {}", workspace.slug(), e.getMessage());
            }
        }
    }
}
