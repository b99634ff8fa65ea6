package io.moat.workspace.web;

import io.moat.workspace.CurrentWorkspace;
import io.moat.workspace.Permission;
import io.moat.workspace.RequiresPermission;
import io.moat.workspace.internal.AuditTrail;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.OffsetDateTime;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@RestController
@Validated
@RequestMapping("/api/v1/workspaces/{slug}/audit")
class AuditController {

    private final AuditTrail trail;
    private final JsonMapper json;

    AuditController(AuditTrail trail, JsonMapper json) {
        this.trail = trail;
        this.json = json;
    }

    record AuditEntryResponse(
            long id,
            OffsetDateTime at,
            String actor,
            String action,
            @Nullable String target,
            JsonNode detail,
            @Nullable String ip) {}

    record AuditPageResponse(
            List<AuditEntryResponse> items, @Nullable Long next) {}

    @GetMapping
    @RequiresPermission(Permission.AUDIT_READ)
    AuditPageResponse page(
            CurrentWorkspace workspace,
            @RequestParam(required = false) @Nullable Long before,
            @RequestParam(defaultValue = "50") @Min(1) @Max(500) int limit) {
        var page = trail.page(workspace, before, limit);
        var items = page.items().stream()
                .map(entry -> new AuditEntryResponse(
                        entry.id(),
                        entry.at(),
                        entry.actor(),
                        entry.action(),
                        entry.target(),
                        json.readTree(entry.detail()),
                        entry.ip()))
                .toList();
        return new AuditPageResponse(items, page.next());
    }
}
