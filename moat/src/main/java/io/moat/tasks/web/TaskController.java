package io.moat.tasks.web;

import io.moat.shared.Problem;
import io.moat.shared.context.CallContext;
import io.moat.tasks.NewTask;
import io.moat.tasks.StaffTasks;
import io.moat.tasks.Task;
import io.moat.tasks.TaskFilter;
import io.moat.tasks.TaskId;
import io.moat.tasks.TaskStatus;
import io.moat.tasks.TaskSubject;
import io.moat.workspace.CurrentWorkspace;
import io.moat.workspace.Permission;
import io.moat.workspace.RequiresPermission;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The console's task list. Tasks are customer service work, so they use the customers permissions: staff, who may
 * change customers, may work (complete, dismiss) their tasks; analysts only read them.
 */
@RestController
@Validated
@RequestMapping("/api/v1/workspaces/{slug}/tasks")
class TaskController {

    private final StaffTasks tasks;

    TaskController(StaffTasks tasks) {
        this.tasks = tasks;
    }

    record TaskResponse(
            long id,
            String kind,
            String assignee,
            @Nullable Long customerId,
            @Nullable String externalUserId,
            @Nullable String chatId,
            String title,
            String body,
            String evidence,
            @Nullable Instant dueAt,
            String status,
            String createdBy,
            Instant createdAt,
            @Nullable String closedBy,
            @Nullable Instant closedAt,
            @Nullable String closingNote) {
        static TaskResponse of(Task task) {
            return new TaskResponse(
                    task.id().value(),
                    task.kind(),
                    task.assignee(),
                    task.subject().customerId(),
                    task.subject().externalUserId(),
                    task.subject().chatId(),
                    task.title(),
                    task.body(),
                    task.evidence(),
                    task.dueAt(),
                    task.status().code(),
                    task.createdBy(),
                    task.createdAt(),
                    task.closedBy(),
                    task.closedAt(),
                    task.closingNote());
        }
    }

    record TaskPage(List<TaskResponse> items, @Nullable Long nextBefore) {}

    record CreateTaskRequest(
            @NotBlank @Size(max = 64) String assignee,
            @NotBlank @Size(max = 200) String title,
            @Nullable @Size(max = 4000) String body,
            @Nullable Long customerId,
            @Nullable @Size(max = 64) String externalUserId,
            @Nullable @Size(max = 64) String chatId,
            @Nullable Instant dueAt) {}

    record CloseTaskRequest(@Nullable @Size(max = 1000) String note) {}

    @GetMapping
    @RequiresPermission(Permission.CUSTOMERS_READ)
    TaskPage list(
            CurrentWorkspace workspace,
            @RequestParam(required = false) @Nullable String assignee,
            @RequestParam(required = false) @Nullable String status,
            @RequestParam(required = false) @Nullable String kind,
            @RequestParam(required = false) @Nullable String chatId,
            @RequestParam(required = false) @Nullable Long before,
            @RequestParam(defaultValue = "100") int limit) {
        TaskStatus parsed = status == null || status.isBlank()
                ? null
                : TaskStatus.ofCode(status)
                        .orElseThrow(() -> new Problem(
                                HttpStatus.BAD_REQUEST,
                                "invalid-task-status",
                                "Status is one of open, done, dismissed, expired.",
                                "status"));
        var filter =
                new TaskFilter(blankToNull(assignee), parsed, blankToNull(kind), blankToNull(chatId), before, limit);
        List<TaskResponse> items = tasks.list(workspace.tenant(), filter).stream()
                .map(TaskResponse::of)
                .toList();
        Long next = items.size() == filter.limit() ? items.getLast().id() : null;
        return new TaskPage(items, next);
    }

    @GetMapping("/{id}")
    @RequiresPermission(Permission.CUSTOMERS_READ)
    TaskResponse one(CurrentWorkspace workspace, @PathVariable long id) {
        return tasks.find(workspace.tenant(), new TaskId(id))
                .map(TaskResponse::of)
                .orElseThrow(() -> new Problem(HttpStatus.NOT_FOUND, "task-not-found", "There is no task " + id + "."));
    }

    /** A task an operator writes by hand for a staff member. */
    @PostMapping
    @RequiresPermission(Permission.CUSTOMERS_WRITE)
    @ResponseStatus(HttpStatus.CREATED)
    TaskResponse create(CurrentWorkspace workspace, @Valid @RequestBody CreateTaskRequest body) {
        if (body.customerId() == null
                && blankToNull(body.externalUserId()) == null
                && blankToNull(body.chatId()) == null) {
            throw new Problem(
                    HttpStatus.BAD_REQUEST,
                    "task-needs-subject",
                    "Name the customer or the group the task is about.",
                    "chatId");
        }
        var task = tasks.assign(
                workspace.tenant(),
                new NewTask(
                        "manual",
                        body.assignee().strip(),
                        new TaskSubject(
                                body.customerId(), blankToNull(body.externalUserId()), blankToNull(body.chatId())),
                        body.title().strip(),
                        body.body() == null ? "" : body.body(),
                        Map.of(),
                        body.dueAt(),
                        null));
        return TaskResponse.of(task);
    }

    @PostMapping("/{id}/complete")
    @RequiresPermission(Permission.CUSTOMERS_WRITE)
    TaskResponse complete(
            CurrentWorkspace workspace,
            @PathVariable long id,
            @Valid @RequestBody(required = false) @Nullable CloseTaskRequest body) {
        return TaskResponse.of(tasks.complete(
                workspace.tenant(), new TaskId(id), CallContext.current().actor(), note(body)));
    }

    @PostMapping("/{id}/dismiss")
    @RequiresPermission(Permission.CUSTOMERS_WRITE)
    TaskResponse dismiss(
            CurrentWorkspace workspace,
            @PathVariable long id,
            @Valid @RequestBody(required = false) @Nullable CloseTaskRequest body) {
        return TaskResponse.of(tasks.dismiss(
                workspace.tenant(), new TaskId(id), CallContext.current().actor(), note(body)));
    }

    private static @Nullable String note(@Nullable CloseTaskRequest body) {
        return body == null ? null : blankToNull(body.note());
    }

    private static @Nullable String blankToNull(@Nullable String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
