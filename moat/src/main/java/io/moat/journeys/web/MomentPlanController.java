package io.moat.journeys.web;

import io.moat.journeys.internal.MomentPlans;
import io.moat.journeys.internal.MomentPlans.Plan;
import io.moat.messaging.Attachment;
import io.moat.workspace.CurrentWorkspace;
import io.moat.workspace.Permission;
import io.moat.workspace.RequiresPermission;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Validated
@RequestMapping("/api/v1/workspaces/{slug}/moment-plans")
class MomentPlanController {

    private final MomentPlans plans;

    MomentPlanController(MomentPlans plans) {
        this.plans = plans;
    }

    record CreatePlanRequest(
            @NotBlank @Size(max = 64) String staffUserId,
            @NotNull @Size(max = 2000) String text,
            @Nullable @Size(max = 9) List<@Valid AttachmentBody> attachments,
            @Nullable @Size(max = 100) List<@NotNull Long> tagIds,
            @NotNull Instant postAt) {}

    record PreviewRequest(
            @NotBlank @Size(max = 64) String staffUserId,
            @Nullable @Size(max = 100) List<@NotNull Long> tagIds,
            @NotNull Instant postAt) {}

    @GetMapping
    @RequiresPermission(Permission.JOURNEYS_READ)
    List<Plan> list(CurrentWorkspace workspace) {
        return plans.list(workspace.tenant());
    }

    @PostMapping("/preview")
    @RequiresPermission(Permission.JOURNEYS_READ)
    MomentPlans.Reach preview(CurrentWorkspace workspace, @Valid @RequestBody PreviewRequest body) {
        return plans.preview(
                workspace.tenant(),
                body.staffUserId(),
                body.tagIds() == null ? List.of() : body.tagIds(),
                body.postAt());
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @RequiresPermission(Permission.JOURNEYS_WRITE)
    Plan create(CurrentWorkspace workspace, @Valid @RequestBody CreatePlanRequest body) {
        List<Attachment> attachments = AttachmentBody.toAttachments(body.attachments(), "invalid-moment-plan", "");
        return plans.create(
                workspace.tenant(),
                body.staffUserId().strip(),
                body.text(),
                attachments,
                body.tagIds() == null ? List.of() : body.tagIds(),
                body.postAt());
    }

    @GetMapping("/{id}")
    @RequiresPermission(Permission.JOURNEYS_READ)
    Plan get(CurrentWorkspace workspace, @PathVariable long id) {
        return plans.get(workspace.tenant(), id);
    }

    @PostMapping("/{id}/cancel")
    @RequiresPermission(Permission.JOURNEYS_WRITE)
    Plan cancel(CurrentWorkspace workspace, @PathVariable long id) {
        return plans.cancel(workspace.tenant(), id);
    }
}
