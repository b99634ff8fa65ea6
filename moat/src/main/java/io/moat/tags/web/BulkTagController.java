package io.moat.tags.web;

import io.moat.customers.CustomerSelection;
import io.moat.shared.Problem;
import io.moat.tags.internal.BulkJobs;
import io.moat.tags.internal.BulkJobs.Progress;
import io.moat.tags.internal.BulkJobs.ResultRow;
import io.moat.tags.internal.BulkTagging;
import io.moat.tags.web.TagRequests.BulkTagRequest;
import io.moat.tags.web.TagRequests.ListFilter;
import io.moat.workspace.CurrentWorkspace;
import io.moat.workspace.Permission;
import io.moat.workspace.RequiresPermission;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * Bulk tagging: started at once over picked customers or over every customer the list's filter matches, run in
 * the background, followed by polling; every customer's result (tagged, skipped with the reason, failed with
 * WeCom's errcode) can be paged through, and the failed ones retried as a new job.
 */
@RestController
@Validated
@RequestMapping("/api/v1/workspaces/{slug}/tags/bulk")
class BulkTagController {

    static final int SHOWN_PROBLEMS = 200;
    /** A filtered list may be this long; beyond it the filter must be narrowed (the job keeps the ids). */
    static final int MAX_FILTERED = 100_000;

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Set<String> OUTCOMES = Set.of("ok", "failed", "skipped");

    private final BulkTagging bulk;
    private final BulkJobs jobs;
    private final CustomerSelection selection;

    BulkTagController(BulkTagging bulk, BulkJobs jobs, CustomerSelection selection) {
        this.bulk = bulk;
        this.jobs = jobs;
        this.selection = selection;
    }

    /**
     * One relation's result, with the customer's name; {@code outcome} is ok (tagged), skipped or failed. A skipped
     * result's {@code reason} is a stable code ({@code no_relation}, {@code no_customer}); a failed one's is WeCom's
     * message, with its {@code errcode}.
     */
    record BulkResultResponse(
            long customerId,
            String name,
            @Nullable String staffUserId,
            String outcome,
            @Nullable String reason,
            @Nullable Integer errcode) {}

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
            @Nullable Map<String, String> filter,
            List<Long> add,
            List<Long> remove,
            List<BulkResultResponse> results) {

        static BulkJobResponse of(Progress job, List<BulkResultResponse> problems) {
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
                    filterOf(job.selection()),
                    job.add(),
                    job.remove(),
                    problems);
        }
    }

    record ResultPage(
            List<BulkResultResponse> items, @Nullable Long next) {}

    /**
     * Starts a job: 202 with its id, or 200 with the id of the job an earlier start with the same {@code
     * Idempotency-Key} and the same body made (nothing new starts, so a retried request tags nobody twice). The same
     * key with a different body is refused with 422 naming the header.
     */
    @PostMapping
    @RequiresPermission(Permission.TAGS_WRITE)
    ResponseEntity<Map<String, Object>> start(
            CurrentWorkspace workspace,
            @RequestHeader(name = "Idempotency-Key", required = false) @Nullable String key,
            @Valid @RequestBody BulkTagRequest body) {
        body.check();
        if (key != null && (key.isBlank() || key.length() > 200)) {
            throw new Problem(
                    HttpStatus.BAD_REQUEST,
                    "invalid-request",
                    "Idempotency-Key must be 1 to 200 characters.",
                    "Idempotency-Key");
        }
        List<Long> customers;
        String described = null;
        if (body.filter() != null) {
            ListFilter filter = body.filter();
            var criteria = new CustomerSelection.Criteria(
                    filter.q(), filter.staff(), filter.stage(), filter.field(), filter.fieldValue());
            customers = selection.ids(workspace, criteria, MAX_FILTERED, "filter");
            if (customers.isEmpty()) {
                throw new Problem(HttpStatus.BAD_REQUEST, "no-customers", "No customer matches this filter.", "filter");
            }
            described = JSON.writeValueAsString(new TreeMap<>(criteria.described()));
        } else {
            customers = body.customerIds();
        }
        var started = bulk.start(
                workspace.tenant(),
                customers,
                TagRequests.orEmpty(body.add()),
                TagRequests.orEmpty(body.remove()),
                described,
                key,
                key == null ? null : fingerprint(body));
        return ResponseEntity.status(started.created() ? HttpStatus.ACCEPTED : HttpStatus.OK)
                .body(Map.of("id", started.id(), "created", started.created()));
    }

    /** SHA-256 of the request as read (field order fixed by the record, so spacing and key order do not matter). */
    private static String fingerprint(BulkTagRequest body) {
        try {
            byte[] canonical = JSON.writeValueAsBytes(body);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** The latest jobs, newest first, without their results. */
    @GetMapping
    @RequiresPermission(Permission.TAGS_READ)
    List<BulkJobResponse> recent(
            CurrentWorkspace workspace, @RequestParam(defaultValue = "20") @Min(1) @Max(100) int limit) {
        return jobs.recent(workspace.tenant(), limit).stream()
                .map(job -> BulkJobResponse.of(job, List.of()))
                .toList();
    }

    /** Progress, and the first failed or skipped customers with the reason. */
    @GetMapping("/{id}")
    @RequiresPermission(Permission.TAGS_READ)
    BulkJobResponse progress(CurrentWorkspace workspace, @PathVariable long id) {
        Progress job = job(workspace, id);
        return BulkJobResponse.of(job, named(workspace, jobs.problems(workspace.tenant(), id, SHOWN_PROBLEMS)));
    }

    /**
     * Every result, a page of customers at a time ({@code after} = the last page's {@code next}), optionally of one
     * outcome: ok (tagged), skipped or failed.
     */
    @GetMapping("/{id}/results")
    @RequiresPermission(Permission.TAGS_READ)
    ResultPage results(
            CurrentWorkspace workspace,
            @PathVariable long id,
            @RequestParam(required = false) @Nullable String outcome,
            @RequestParam(defaultValue = "0") long after,
            @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit) {
        if (outcome != null && !OUTCOMES.contains(outcome)) {
            throw new Problem(
                    HttpStatus.BAD_REQUEST, "invalid-parameter", "outcome must be ok, skipped or failed.", "outcome");
        }
        job(workspace, id);
        List<ResultRow> rows = jobs.results(workspace.tenant(), id, outcome, after, limit + 1);
        List<Long> customers =
                rows.stream().map(ResultRow::customerId).distinct().toList();
        boolean more = customers.size() > limit;
        List<ResultRow> page = more
                ? rows.stream()
                        .filter(r -> r.customerId() <= customers.get(limit - 1))
                        .toList()
                : rows;
        return new ResultPage(named(workspace, page), more ? customers.get(limit - 1) : null);
    }

    /**
     * Starts a new job over the customers this one failed for, with the same tags. Retrying the same job again
     * returns that retry (marks are set-like, so customers tagged meanwhile are not harmed either way).
     */
    @PostMapping("/{id}/retry")
    @RequiresPermission(Permission.TAGS_WRITE)
    ResponseEntity<Map<String, Object>> retry(CurrentWorkspace workspace, @PathVariable long id) {
        Progress job = job(workspace, id);
        if (job.status().equals("running")) {
            throw new Problem(HttpStatus.CONFLICT, "bulk-job-running", "Bulk job " + id + " is still running.", "id");
        }
        List<Long> failed = jobs.failedCustomers(workspace.tenant(), id);
        if (failed.isEmpty()) {
            throw new Problem(HttpStatus.CONFLICT, "nothing-to-retry", "Bulk job " + id + " failed for nobody.", "id");
        }
        String retryOf = JSON.writeValueAsString(Map.of("retryOf", String.valueOf(id)));
        var started = bulk.start(workspace.tenant(), failed, job.add(), job.remove(), retryOf, "retry:" + id, null);
        return ResponseEntity.status(started.created() ? HttpStatus.ACCEPTED : HttpStatus.OK)
                .body(Map.of("id", started.id(), "created", started.created()));
    }

    private Progress job(CurrentWorkspace workspace, long id) {
        return jobs.progress(workspace.tenant(), id)
                .orElseThrow(
                        () -> new Problem(HttpStatus.NOT_FOUND, "bulk-job-not-found", "No bulk job " + id + ".", "id"));
    }

    private List<BulkResultResponse> named(CurrentWorkspace workspace, List<ResultRow> rows) {
        Map<Long, String> names = selection.names(
                workspace, rows.stream().map(ResultRow::customerId).collect(Collectors.toSet()));
        return rows.stream()
                .map(r -> new BulkResultResponse(
                        r.customerId(),
                        names.getOrDefault(r.customerId(), ""),
                        r.staffUserId(),
                        r.outcome(),
                        r.reason(),
                        r.errcode()))
                .toList();
    }

    @SuppressWarnings("unchecked")
    private static @Nullable Map<String, String> filterOf(@Nullable String selection) {
        return selection == null ? null : JSON.readValue(selection, Map.class);
    }
}
