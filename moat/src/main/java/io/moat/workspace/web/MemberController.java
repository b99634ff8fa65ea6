package io.moat.workspace.web;

import io.moat.workspace.CurrentWorkspace;
import io.moat.workspace.Permission;
import io.moat.workspace.RequiresPermission;
import io.moat.workspace.Role;
import io.moat.workspace.internal.Members;
import io.moat.workspace.internal.Members.MemberView;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/workspaces/{slug}/members")
class MemberController {

    static final String ROLE = "owner|admin|operator|staff|analyst";

    private final Members members;

    MemberController(Members members) {
        this.members = members;
    }

    record InviteMemberRequest(
            @NotBlank
            @Pattern(
                    regexp = "^[a-zA-Z0-9][a-zA-Z0-9._@-]{1,63}$",
                    message = "use 2 to 64 letters, digits, dots, hyphens, underscores or @")
            String username,

            @NotBlank @Size(max = 80) String displayName,

            @NotNull @Pattern(regexp = ROLE, message = "must be one of owner, admin, operator, staff, analyst")
            String role) {}

    record ChangeRoleRequest(
            @NotNull @Pattern(regexp = ROLE, message = "must be one of owner, admin, operator, staff, analyst")
            String role) {}

    @GetMapping
    @RequiresPermission(Permission.MEMBERS_READ)
    List<MemberView> list(CurrentWorkspace workspace) {
        return members.list(workspace);
    }

    @PostMapping
    @RequiresPermission(Permission.MEMBERS_WRITE)
    @ResponseStatus(HttpStatus.CREATED)
    MemberView invite(CurrentWorkspace workspace, @Valid @RequestBody InviteMemberRequest body) {
        return members.invite(workspace, body.username(), body.displayName(), Role.ofCode(body.role()));
    }

    @PatchMapping("/{accountId}")
    @RequiresPermission(Permission.MEMBERS_WRITE)
    MemberView changeRole(
            CurrentWorkspace workspace, @PathVariable long accountId, @Valid @RequestBody ChangeRoleRequest body) {
        return members.changeRole(workspace, accountId, Role.ofCode(body.role()));
    }

    @DeleteMapping("/{accountId}")
    @RequiresPermission(Permission.MEMBERS_WRITE)
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void remove(CurrentWorkspace workspace, @PathVariable long accountId) {
        members.remove(workspace, accountId);
    }
}
