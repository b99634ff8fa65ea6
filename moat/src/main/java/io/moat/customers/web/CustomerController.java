package io.moat.customers.web;

import io.moat.customers.internal.Consent;
import io.moat.customers.internal.CustomFields;
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
import org.springframework.web.bind.annotation.PutMapping;
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
    private final CustomFields fields;

    CustomerController(
            CustomerDirectory directory,
            Notes notes,
            CustomerExport export,
            Consent consent,
            MergeSuggestions suggestions,
            Unmerging unmerging,
            CustomFields fields) {
        this.fields = fields;
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
            @RequestParam(required = false) @Nullable String stage,
            @RequestParam(required = false) @Nullable String field,
            @RequestParam(required = false) @Nullable String fieldValue) {
        return directory.list(workspace, before, limit, filter(workspace, q, staff, stage, field, fieldValue));
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

    /** The list's filter; a custom field filters only with a value, checked against the field's type. */
    private CustomerFilter filter(
            CurrentWorkspace workspace,
            @Nullable String q,
            @Nullable String staff,
            @Nullable String stage,
            @Nullable String field,
            @Nullable String fieldValue) {
        boolean byField = field != null && !field.isBlank() && fieldValue != null && !fieldValue.isBlank();
        return new CustomerFilter(q, staff, stage, byField ? fields.match(workspace, field, fieldValue) : null);
    }

    record DefineFieldRequest(
            @NotBlank @Size(max = 40) String key,
            @NotBlank @Size(max = 60) String label,
            @NotBlank String type,
            @Nullable List<@Size(max = 60) String> choices) {}

    @GetMapping("/fields")
    @RequiresPermission(Permission.CUSTOMERS_READ)
    List<CustomFields.Definition> fieldDefinitions(CurrentWorkspace workspace) {
        return fields.definitions(workspace);
    }

    @PostMapping("/fields")
    @RequiresPermission(Permission.CUSTOMERS_WRITE)
    @ResponseStatus(HttpStatus.CREATED)
    CustomFields.Definition defineField(CurrentWorkspace workspace, @Valid @RequestBody DefineFieldRequest body) {
        return fields.define(
                workspace, body.key(), body.label(), body.type(), body.choices() == null ? List.of() : body.choices());
    }

    @DeleteMapping("/fields/{fieldId}")
    @RequiresPermission(Permission.CUSTOMERS_WRITE)
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void removeField(CurrentWorkspace workspace, @PathVariable long fieldId) {
        fields.remove(workspace, fieldId);
    }

    @GetMapping("/{id}/fields")
    @RequiresPermission(Permission.CUSTOMERS_READ)
    List<CustomFields.FieldValue> fieldValues(CurrentWorkspace workspace, @PathVariable long id) {
        return fields.of(workspace, id);
    }

    /** Sets values by field key; null or blank clears one. */
    @PutMapping("/{id}/fields")
    @RequiresPermission(Permission.CUSTOMERS_WRITE)
    List<CustomFields.FieldValue> setFieldValues(
            CurrentWorkspace workspace, @PathVariable long id, @RequestBody Map<String, @Nullable String> values) {
        fields.set(workspace, id, values);
        return fields.of(workspace, id);
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
            @RequestParam(required = false) @Nullable String field,
            @RequestParam(required = false) @Nullable String fieldValue,
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
        var filter = filter(workspace, q, staff, stage, field, fieldValue);
        export.write(workspace, chosen, filter, response.getOutputStream());
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
