package io.moat.customers.web;

import io.moat.customers.internal.CustomerDirectory;
import io.moat.customers.internal.Notes;
import io.moat.workspace.CurrentWorkspace;
import io.moat.workspace.Permission;
import io.moat.workspace.RequiresPermission;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.validation.annotation.Validated;
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

    CustomerController(CustomerDirectory directory, Notes notes) {
        this.directory = directory;
        this.notes = notes;
    }

    record AddNoteRequest(@NotBlank @Size(max = 2000) String body) {}

    @GetMapping
    @RequiresPermission(Permission.CUSTOMERS_READ)
    CustomerDirectory.Page list(
            CurrentWorkspace workspace,
            @RequestParam(required = false) @Nullable Long before,
            @RequestParam(defaultValue = "50") @Min(1) @Max(500) int limit,
            @RequestParam(required = false) @Nullable String q,
            @RequestParam(required = false) @Nullable String staff) {
        return directory.list(workspace, before, limit, q, staff);
    }

    @GetMapping("/{id}")
    @RequiresPermission(Permission.CUSTOMERS_READ)
    CustomerDirectory.Profile profile(CurrentWorkspace workspace, @PathVariable long id) {
        return directory.profile(workspace, id);
    }

    @PostMapping("/{id}/notes")
    @RequiresPermission(Permission.CUSTOMERS_WRITE)
    @ResponseStatus(HttpStatus.CREATED)
    Map<String, Long> addNote(
            CurrentWorkspace workspace, @PathVariable long id, @Valid @RequestBody AddNoteRequest body) {
        return Map.of("id", notes.add(workspace, id, body.body().trim()));
    }
}
