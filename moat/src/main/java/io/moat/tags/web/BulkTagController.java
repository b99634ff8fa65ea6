package io.moat.tags.web;

import io.moat.shared.Problem;
import io.moat.tags.internal.BulkJobs;
import io.moat.tags.internal.BulkJobs.Progress;
import io.moat.tags.internal.BulkJobs.ResultRow;
import io.moat.tags.internal.BulkTagging;
import io.moat.tags.web.TagRequests.BulkTagRequest;
import io.moat.tags.web.TagResponses.ResultResponse;
import io.moat.workspace.CurrentWorkspace;
import io.moat.workspace.Permission;
import io.moat.workspace.RequiresPermission;
import jakarta.validation.Valid;
import java.time.OffsetDateTime;
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

/** Bulk tagging: started at once, run in the background, followed by polling. */
@RestController
@Validated
@RequestMapping("/api/v1/workspaces/{slug}/tags/bulk")
class BulkTagController {

    static final int SHOWN_PROBLEMS = 200;

    private final BulkTagging bulk;
    private final BulkJobs jobs;

    BulkTagController(BulkTagging bulk, BulkJobs jobs) {
        this.bulk = bulk;
        this.jobs = jobs;
    }

    record BulkJobResponse(
            long id,
            String status,
            int total,
            int done,
            int failed,
            int skipped,
            @Nullable String failure,
            String startedBy,
            OffsetDateTime startedAt,
            @Nullable OffsetDateTime finishedAt,
            List<ResultResponse> results) {

        static BulkJobResponse of(Progress job, List<ResultRow> problems) {
            return new BulkJobResponse(
                    job.id(),
                    job.status(),
                    job.total(),
                    job.done(),
                    job.failed(),
                    job.skipped(),
                    job.failure(),
                    job.startedBy(),
                    job.startedAt(),
                    job.finishedAt(),
                    problems.stream().map(ResultResponse::of).toList());
        }
    }

    @PostMapping
    @RequiresPermission(Permission.TAGS_WRITE)
    @ResponseStatus(HttpStatus.ACCEPTED)
    Map<String, Long> start(CurrentWorkspace workspace, @Valid @RequestBody BulkTagRequest body) {
        long id = bulk.start(
                workspace.tenant(),
                body.customerIds(),
                TagRequests.orEmpty(body.add()),
                TagRequests.orEmpty(body.remove()));
        return Map.of("id", id);
    }

    /** Progress, and the first failed or skipped customers with the reason. */
    @GetMapping("/{id}")
    @RequiresPermission(Permission.TAGS_READ)
    BulkJobResponse progress(CurrentWorkspace workspace, @PathVariable long id) {
        Progress job = jobs.progress(workspace.tenant(), id)
                .orElseThrow(
                        () -> new Problem(HttpStatus.NOT_FOUND, "bulk-job-not-found", "No bulk job " + id + ".", "id"));
        return BulkJobResponse.of(job, jobs.problems(workspace.tenant(), id, SHOWN_PROBLEMS));
    }
}
