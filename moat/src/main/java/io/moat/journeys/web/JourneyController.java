package io.moat.journeys.web;

import io.moat.journeys.definition.DefinitionJson;
import io.moat.journeys.internal.Funnel;
import io.moat.journeys.internal.JourneyLifecycle;
import io.moat.journeys.internal.JourneyManagement;
import io.moat.journeys.internal.JourneyStore;
import io.moat.journeys.internal.JourneyStore.JourneyRow;
import io.moat.journeys.internal.Preview;
import io.moat.journeys.templates.JourneyTemplates;
import io.moat.shared.Problem;
import io.moat.workspace.CurrentWorkspace;
import io.moat.workspace.Permission;
import io.moat.workspace.RequiresPermission;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@RestController
@Validated
@RequestMapping("/api/v1/workspaces/{slug}/journeys")
class JourneyController {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JourneyManagement management;
    private final JourneyLifecycle lifecycle;
    private final JourneyStore store;
    private final Funnel funnel;
    private final Preview preview;

    JourneyController(
            JourneyManagement management,
            JourneyLifecycle lifecycle,
            JourneyStore store,
            Funnel funnel,
            Preview preview) {
        this.management = management;
        this.lifecycle = lifecycle;
        this.store = store;
        this.funnel = funnel;
        this.preview = preview;
    }

    record CreateJourneyRequest(
            @NotBlank @Size(max = 60) String name,
            @Nullable JsonNode definition,
            @Nullable String template) {}

    record SaveJourneyRequest(
            @NotBlank @Size(max = 60) String name, @NotNull JsonNode definition) {}

    record CheckRequest(@NotNull JsonNode definition) {}

    record JourneyResponse(
            long id,
            String name,
            String status,
            @Nullable String template,
            @Nullable Integer latestVersion,
            @Nullable String trigger,
            JsonNode draft,
            String updatedAt,
            List<Map<String, Object>> versions) {}

    @GetMapping
    @RequiresPermission(Permission.JOURNEYS_READ)
    List<JourneyResponse> list(CurrentWorkspace workspace) {
        return management.list(workspace.tenant()).stream()
                .map(row -> response(row, List.of()))
                .toList();
    }

    @GetMapping("/templates")
    @RequiresPermission(Permission.JOURNEYS_READ)
    List<Map<String, Object>> templates() {
        return JourneyTemplates.all().stream()
                .map(t -> Map.<String, Object>of(
                        "key", t.key(),
                        "name", t.name(),
                        "description", t.description(),
                        "definition", JSON.readTree(t.definition())))
                .toList();
    }

    @PostMapping
    @RequiresPermission(Permission.JOURNEYS_WRITE)
    @ResponseStatus(HttpStatus.CREATED)
    JourneyResponse create(CurrentWorkspace workspace, @Valid @RequestBody CreateJourneyRequest body) {
        JourneyRow row = management.create(workspace.tenant(), body.name().strip(), body.definition(), body.template());
        return detail(workspace, row);
    }

    @GetMapping("/{id}")
    @RequiresPermission(Permission.JOURNEYS_READ)
    JourneyResponse get(CurrentWorkspace workspace, @PathVariable long id) {
        return detail(workspace, found(workspace, id));
    }

    @PutMapping("/{id}")
    @RequiresPermission(Permission.JOURNEYS_WRITE)
    JourneyResponse save(
            CurrentWorkspace workspace, @PathVariable long id, @Valid @RequestBody SaveJourneyRequest body) {
        return detail(
                workspace,
                management.saveDraft(workspace.tenant(), id, body.name().strip(), body.definition()));
    }

    /** Checks a definition and estimates how many customers it would take in; a fault is a 400 naming the field. */
    @PostMapping("/check")
    @RequiresPermission(Permission.JOURNEYS_READ)
    Map<String, Object> check(CurrentWorkspace workspace, @Valid @RequestBody CheckRequest body) {
        var definition = management.check(body.definition());
        var estimate = preview.of(workspace.tenant(), definition);
        return Map.of(
                "valid", true,
                "steps", definition.allSteps().size(),
                "definition", DefinitionJson.tree(definition),
                "estimate",
                        estimate.<Object>map(e -> Map.of("count", e.count(), "basis", e.basis()))
                                .orElse(Map.of()));
    }

    @PostMapping("/{id}/publish")
    @RequiresPermission(Permission.JOURNEYS_WRITE)
    JourneyResponse publish(CurrentWorkspace workspace, @PathVariable long id) {
        return detail(workspace, lifecycle.publish(workspace.tenant(), id));
    }

    @PostMapping("/{id}/pause")
    @RequiresPermission(Permission.JOURNEYS_WRITE)
    JourneyResponse pause(CurrentWorkspace workspace, @PathVariable long id) {
        return detail(workspace, lifecycle.pause(workspace.tenant(), id));
    }

    @PostMapping("/{id}/resume")
    @RequiresPermission(Permission.JOURNEYS_WRITE)
    JourneyResponse resume(CurrentWorkspace workspace, @PathVariable long id) {
        return detail(workspace, lifecycle.resume(workspace.tenant(), id));
    }

    @GetMapping("/{id}/funnel")
    @RequiresPermission(Permission.JOURNEYS_READ)
    Funnel.Figures funnel(
            CurrentWorkspace workspace,
            @PathVariable long id,
            @RequestParam(required = false) @Nullable Integer version) {
        JourneyRow row = found(workspace, id);
        if (row.latestVersion() == null) {
            throw new Problem(HttpStatus.CONFLICT, "journey-not-published", "The journey has no published version.");
        }
        int v = version == null ? row.latestVersion() : version;
        if (v < 1 || v > row.latestVersion()) {
            throw new Problem(HttpStatus.BAD_REQUEST, "unknown-version", "No version " + v + ".", "version");
        }
        return funnel.of(workspace.tenant(), id, v);
    }

    @GetMapping("/{id}/actions")
    @RequiresPermission(Permission.JOURNEYS_READ)
    List<Funnel.ActionRow> actions(
            CurrentWorkspace workspace,
            @PathVariable long id,
            @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit) {
        found(workspace, id);
        return funnel.actions(workspace.tenant(), id, limit);
    }

    private JourneyRow found(CurrentWorkspace workspace, long id) {
        return store.find(workspace.tenant(), id)
                .orElseThrow(() -> new Problem(HttpStatus.NOT_FOUND, "journey-not-found", "No journey " + id + "."));
    }

    private JourneyResponse detail(CurrentWorkspace workspace, JourneyRow row) {
        List<Map<String, Object>> versions = store.versions(workspace.tenant(), row.id()).stream()
                .map(v -> Map.<String, Object>of(
                        "version",
                        v.version(),
                        "publishedAt",
                        v.publishedAt().toString(),
                        "publishedBy",
                        v.publishedBy()))
                .toList();
        return response(row, versions);
    }

    private static JourneyResponse response(JourneyRow row, List<Map<String, Object>> versions) {
        return new JourneyResponse(
                row.id(),
                row.name(),
                row.status(),
                row.template(),
                row.latestVersion(),
                row.triggerType(),
                JSON.readTree(row.draft()),
                row.updatedAt().toString(),
                versions);
    }
}
