package io.moat.customers.web;

import io.moat.customers.internal.Consent;
import io.moat.customers.internal.CustomerDirectory;
import io.moat.customers.internal.CustomerExport;
import io.moat.customers.internal.CustomerFilter;
import io.moat.customers.internal.MergeSuggestions;
import io.moat.customers.internal.Notes;
import io.moat.customers.internal.Unmerging;
import io.moat.workspace.CurrentWorkspace;
import io.moat.workspace.Permission;
import io.moat.workspace.RequiresPermission;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Validated
@RequestMapping("/api/v1/workspaces/{slug}/customers")
class CustomerController {

    private final CustomerDirectory directory;
    private final Notes notes;
    private final CustomerExport export;
    private final Consent consent;
    private final MergeSuggestions suggestions;
    private final Unmerging unmerging;

    CustomerController(
            CustomerDirectory directory,
            Notes notes,
            CustomerExport export,
            Consent consent,
            MergeSuggestions suggestions,
            Unmerging unmerging) {
        this.suggestions = suggestions;
        this.unmerging = unmerging;
        this.directory = directory;
        this.notes = notes;
        this.export = export;
        this.consent = consent;
    }

    record AddNoteRequest(@NotBlank @Size(max = 2000) String body) {}

    @GetMapping
    @RequiresPermission(Permission.CUSTOMERS_READ)
    CustomerDirectory.Page list(
            CurrentWorkspace workspace,
            @RequestParam(required = false) @Nullable Long before,
            @RequestParam(defaultValue = "50") @Min(1) @Max(500) int limit,
            @RequestParam(required = false) @Nullable String q,
            @RequestParam(required = false) @Nullable String staff,
            @RequestParam(required = false) @Nullable String stage) {
        return directory.list(workspace, before, limit, new CustomerFilter(q, staff, stage));
    }

    @GetMapping("/merge-suggestions")
    @RequiresPermission(Permission.CUSTOMERS_READ)
    List<MergeSuggestions.Suggestion> suggestions(CurrentWorkspace workspace) {
        return suggestions.open(workspace, 200);
    }

    @PostMapping("/merge-suggestions/{id}/accept")
    @RequiresPermission(Permission.CUSTOMERS_WRITE)
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void accept(CurrentWorkspace workspace, @PathVariable long id) {
        suggestions.accept(workspace, id);
    }

    @PostMapping("/merge-suggestions/{id}/dismiss")
    @RequiresPermission(Permission.CUSTOMERS_WRITE)
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void dismiss(CurrentWorkspace workspace, @PathVariable long id) {
        suggestions.dismiss(workspace, id);
    }

    /** Recorded merges, newest first, with whether each can still be undone. */
    @GetMapping("/merges")
    @RequiresPermission(Permission.CUSTOMERS_READ)
    List<Unmerging.Merge> merges(
            CurrentWorkspace workspace, @RequestParam(defaultValue = "100") @Min(1) @Max(500) int limit) {
        return unmerging.recent(workspace, limit);
    }

    @PostMapping("/merges/{mergeId}/unmerge")
    @RequiresPermission(Permission.CUSTOMERS_WRITE)
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void unmerge(CurrentWorkspace workspace, @PathVariable long mergeId) {
        unmerging.unmerge(workspace, mergeId);
    }

    @GetMapping("/{id}/merges")
    @RequiresPermission(Permission.CUSTOMERS_READ)
    List<Unmerging.Merge> mergesOf(CurrentWorkspace workspace, @PathVariable long id) {
        return unmerging.of(workspace, id);
    }

    /** The filtered list as a file; {@code format} is csv or xlsx. */
    @GetMapping("/export")
    @RequiresPermission(Permission.CUSTOMERS_READ)
    void export(
            CurrentWorkspace workspace,
            @RequestParam(defaultValue = "csv") String format,
            @RequestParam(required = false) @Nullable String q,
            @RequestParam(required = false) @Nullable String staff,
            @RequestParam(required = false) @Nullable String stage,
            HttpServletResponse response)
            throws IOException {
        var chosen = CustomerExport.Format.of(format);
        String name = "customers-" + workspace.slug() + (chosen == CustomerExport.Format.CSV ? ".csv" : ".xlsx");
        response.setContentType(
                chosen == CustomerExport.Format.CSV
                        ? "text/csv;charset=UTF-8"
                        : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        response.setHeader(
                HttpHeaders.CONTENT_DISPOSITION,
                ContentDisposition.attachment().filename(name).build().toString());
        export.write(workspace, chosen, new CustomerFilter(q, staff, stage), response.getOutputStream());
    }

    @GetMapping("/{id}")
    @RequiresPermission(Permission.CUSTOMERS_READ)
    CustomerDirectory.Profile profile(CurrentWorkspace workspace, @PathVariable long id) {
        return directory.profile(workspace, id);
    }

    record OptOutRequest(@Size(max = 200) @Nullable String reason) {}

    @PostMapping("/{id}/opt-out")
    @RequiresPermission(Permission.CUSTOMERS_WRITE)
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void optOut(CurrentWorkspace workspace, @PathVariable long id, @Valid @RequestBody OptOutRequest body) {
        consent.optOut(workspace, id, body.reason() == null ? "" : body.reason().strip());
    }

    @DeleteMapping("/{id}/opt-out")
    @RequiresPermission(Permission.CUSTOMERS_WRITE)
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void optIn(CurrentWorkspace workspace, @PathVariable long id) {
        consent.optIn(workspace, id);
    }

    @PostMapping("/{id}/notes")
    @RequiresPermission(Permission.CUSTOMERS_WRITE)
    @ResponseStatus(HttpStatus.CREATED)
    Map<String, Long> addNote(
            CurrentWorkspace workspace, @PathVariable long id, @Valid @RequestBody AddNoteRequest body) {
        return Map.of("id", notes.add(workspace, id, body.body().trim()));
    }
}
