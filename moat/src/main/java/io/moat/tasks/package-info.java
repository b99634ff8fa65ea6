/**
 * The staff task list: work that a policy or a journey asks a staff member to do by hand in WeCom, because the
 * platform has no API for it (warn a group member, remove one, invite a buyer into a group). It owns the {@code
 * tasks} schema ({@code task}): a task has a kind (named by the module that creates it, e.g. {@code
 * community.guard-removal}), an assignee (a WeCom staff userid), a subject (a customer and/or a group), a title, a
 * body, evidence (JSON), a due time and a status — open, then exactly one of done, dismissed or expired, with who
 * closed it and when. Creation is idempotent by an optional source key. Other modules use {@link
 * io.moat.tasks.StaffTasks}; it publishes {@link io.moat.tasks.TaskAssigned} (the cue for a staff notification) and
 * {@link io.moat.tasks.TaskClosed}.
 */
@ApplicationModule(
        displayName = "Staff tasks",
        allowedDependencies = {"shared", "workspace"})
@NullMarked
package io.moat.tasks;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
