package io.moat.journeys.web;

import io.moat.journeys.internal.Broadcasts;
import io.moat.journeys.internal.Broadcasts.Broadcast;
import io.moat.messaging.Attachment;
import io.moat.shared.context.CallContext;
import io.moat.workspace.CurrentWorkspace;
import io.moat.workspace.Permission;
import io.moat.workspace.RequiresPermission;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
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
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

@RestController
@Validated
@RequestMapping("/api/v1/workspaces/{slug}/broadcasts")
class BroadcastController {

    private final Broadcasts broadcasts;

    BroadcastController(Broadcasts broadcasts) {
        this.broadcasts = broadcasts;
    }

    record CreateBroadcastRequest(
            @NotBlank @Size(max = 60) String name,
            @NotNull JsonNode condition,
            @NotNull @Size(max = 4000) String text,
            @Nullable @Size(max = 9) List<@Valid AttachmentBody> attachments,
            @NotNull Instant sendAt) {}

    record PreviewRequest(@NotNull JsonNode condition) {}

    @GetMapping
    @RequiresPermission(Permission.JOURNEYS_READ)
    List<Broadcast> list(CurrentWorkspace workspace) {
        return broadcasts.list(workspace.tenant());
    }

    @PostMapping("/preview")
    @RequiresPermission(Permission.JOURNEYS_READ)
    Map<String, Long> preview(CurrentWorkspace workspace, @Valid @RequestBody PreviewRequest body) {
        return Map.of("count", broadcasts.preview(workspace.tenant(), body.condition()));
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @RequiresPermission(Permission.JOURNEYS_WRITE)
    Broadcast create(CurrentWorkspace workspace, @Valid @RequestBody CreateBroadcastRequest body) {
        List<Attachment> attachments = AttachmentBody.toAttachments(body.attachments(), "invalid-broadcast", "");
        return broadcasts.create(
                workspace.tenant(),
                body.name().strip(),
                body.condition(),
                body.text(),
                attachments,
                body.sendAt(),
                CallContext.current().actor());
    }

    @GetMapping("/{id}")
    @RequiresPermission(Permission.JOURNEYS_READ)
    Map<String, Object> get(CurrentWorkspace workspace, @PathVariable long id) {
        return Map.of(
                "broadcast", broadcasts.get(workspace.tenant(), id),
                "results", broadcasts.results(workspace.tenant(), id));
    }

    @PostMapping("/{id}/cancel")
    @RequiresPermission(Permission.JOURNEYS_WRITE)
    Broadcast cancel(CurrentWorkspace workspace, @PathVariable long id) {
        return broadcasts.cancel(workspace.tenant(), id);
    }
}
