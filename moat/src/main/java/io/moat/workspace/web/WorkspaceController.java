package io.moat.workspace.web;

import io.moat.shared.Problem;
import io.moat.workspace.CurrentWorkspace;
import io.moat.workspace.Permission;
import io.moat.workspace.RequiresPermission;
import io.moat.workspace.internal.Principal;
import io.moat.workspace.internal.WorkspaceManagement;
import io.moat.workspace.internal.WorkspaceSettings;
import io.moat.workspace.internal.WorkspaceView;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/workspaces")
class WorkspaceController {

    static final String SLUG = "^[a-z0-9][a-z0-9-]{0,38}[a-z0-9]$";

    private final WorkspaceManagement workspaces;

    WorkspaceController(WorkspaceManagement workspaces) {
        this.workspaces = workspaces;
    }

    record CreateWorkspaceRequest(
            @NotBlank @Pattern(regexp = SLUG, message = "use 2 to 40 lowercase letters, digits and inner hyphens")
            String slug,

            @NotBlank @Size(max = 80) String name,
            @Nullable String timezone,
            @Nullable String currency) {}

    record UpdateWorkspaceRequest(
            @Nullable String name,
            @Nullable String timezone,
            @Nullable String currency) {}

    @GetMapping
    List<WorkspaceView> list(Principal caller) {
        return workspaces.listFor(caller);
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    WorkspaceView create(Principal caller, @Valid @RequestBody CreateWorkspaceRequest body) {
        if (!(caller instanceof Principal.SignedInAccount account) || !account.platformAdmin()) {
            throw new Problem(
                    HttpStatus.FORBIDDEN, "not-platform-admin", "Only a platform administrator creates workspaces.");
        }
        var settings = WorkspaceSettings.parse(
                body.name(), orDefault(body.timezone(), "Asia/Shanghai"), orDefault(body.currency(), "CNY"));
        return workspaces.create(body.slug(), settings, account);
    }

    @GetMapping("/{slug}")
    @RequiresPermission(Permission.WORKSPACE_READ)
    WorkspaceView get(CurrentWorkspace workspace) {
        return WorkspaceManagement.view(workspace);
    }

    @PatchMapping("/{slug}")
    @RequiresPermission(Permission.WORKSPACE_WRITE)
    WorkspaceView update(CurrentWorkspace workspace, @RequestBody UpdateWorkspaceRequest body) {
        var settings = WorkspaceSettings.parse(
                orDefault(body.name(), workspace.name()),
                orDefault(body.timezone(), workspace.timezone().getId()),
                orDefault(body.currency(), workspace.currency()));
        return workspaces.update(workspace, settings);
    }

    @DeleteMapping("/{slug}")
    @RequiresPermission(Permission.WORKSPACE_DELETE)
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(CurrentWorkspace workspace) {
        workspaces.delete(workspace);
    }

    private static String orDefault(@Nullable String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }
}
