package io.moat.acquisition.web;

import io.moat.acquisition.internal.Batches;
import io.moat.workspace.CurrentWorkspace;
import io.moat.workspace.Permission;
import io.moat.workspace.RequiresPermission;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;
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

/** Package-card batches and their funnels. */
@RestController
@Validated
@RequestMapping("/api/v1/workspaces/{slug}/channel-batches")
class BatchController {

    private final Batches batches;

    BatchController(Batches batches) {
        this.batches = batches;
    }

    /** Without dates the batch runs today, the workspace's calendar day; without {@code endsOn}, one day. */
    record BatchRequest(
            @NotNull Long channelId,
            @NotBlank @Size(max = 60) String name,
            @NotNull @Positive Integer parcels,
            @PositiveOrZero long cardCostFen,
            @PositiveOrZero long benefitCostFen,
            @Nullable LocalDate startsOn,
            @Nullable LocalDate endsOn) {}

    @GetMapping
    @RequiresPermission(Permission.ACQUISITION_READ)
    List<Batches.Batch> list(CurrentWorkspace workspace) {
        return batches.list(workspace.tenant());
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @RequiresPermission(Permission.ACQUISITION_WRITE)
    Batches.Batch create(CurrentWorkspace workspace, @Valid @RequestBody BatchRequest body) {
        return batches.create(
                workspace.tenant(),
                new Batches.NewBatch(
                        body.channelId(),
                        body.name().strip(),
                        body.parcels(),
                        body.cardCostFen(),
                        body.benefitCostFen(),
                        body.startsOn(),
                        body.endsOn()));
    }

    @GetMapping("/{id}/funnel")
    @RequiresPermission(Permission.ACQUISITION_READ)
    Batches.Funnel funnel(CurrentWorkspace workspace, @PathVariable long id) {
        return batches.funnel(workspace.tenant(), id);
    }
}
