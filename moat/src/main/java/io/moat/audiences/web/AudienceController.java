package io.moat.audiences.web;

import io.moat.audiences.Audiences;
import io.moat.audiences.Explanation;
import io.moat.customers.CustomerAttributes;
import io.moat.customers.CustomerId;
import io.moat.workspace.CurrentWorkspace;
import io.moat.workspace.Permission;
import io.moat.workspace.RequiresPermission;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** Ad-hoc audiences: how many a condition selects (with a sample and the time taken) and why one customer is in. */
@RestController
@Validated
@RequestMapping("/api/v1/workspaces/{slug}/audiences")
class AudienceController {

    private final Audiences audiences;
    private final CustomerAttributes customers;

    AudienceController(Audiences audiences, CustomerAttributes customers) {
        this.audiences = audiences;
        this.customers = customers;
    }

    record PreviewRequest(
            @Nullable JsonNode condition,
            @Nullable @Min(0) @Max(100) Integer sample) {}

    record Member(long id, String name) {}

    record PreviewResponse(long count, List<Member> sample, double tookMs) {}

    record ExplainRequest(
            @Nullable JsonNode condition, @NotNull Long customerId) {}

    @PostMapping("/preview")
    @RequiresPermission(Permission.AUDIENCES_READ)
    PreviewResponse preview(CurrentWorkspace workspace, @RequestBody PreviewRequest body) {
        var condition = audiences.parse(body.condition(), "condition");
        long started = System.nanoTime();
        long count = audiences.count(workspace.tenant(), condition);
        double took = (System.nanoTime() - started) / 1e6;
        int size = body.sample() == null ? 20 : body.sample();
        List<CustomerId> sample = size == 0
                ? List.of()
                : audiences.members(workspace.tenant(), condition, null, size).customers();
        return new PreviewResponse(count, members(workspace, sample), Math.round(took * 1000) / 1000.0);
    }

    @PostMapping("/explain")
    @RequiresPermission(Permission.AUDIENCES_READ)
    Explanation explain(CurrentWorkspace workspace, @RequestBody ExplainRequest body) {
        return audiences.explain(
                workspace.tenant(), new CustomerId(body.customerId()), audiences.parse(body.condition(), "condition"));
    }

    List<Member> members(CurrentWorkspace workspace, List<CustomerId> ids) {
        var names = customers.names(workspace.tenant(), ids);
        return ids.stream()
                .map(id -> new Member(id.value(), names.getOrDefault(id, "")))
                .toList();
    }
}
