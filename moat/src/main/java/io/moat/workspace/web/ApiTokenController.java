package io.moat.workspace.web;

import io.moat.workspace.CurrentWorkspace;
import io.moat.workspace.Permission;
import io.moat.workspace.RequiresPermission;
import io.moat.workspace.Role;
import io.moat.workspace.internal.ApiTokens;
import io.moat.workspace.internal.ApiTokens.TokenView;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.OffsetDateTime;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/workspaces/{slug}/api-tokens")
class ApiTokenController {

    private final ApiTokens tokens;

    ApiTokenController(ApiTokens tokens) {
        this.tokens = tokens;
    }

    record CreateTokenRequest(
            @NotBlank @Size(max = 80) String name,

            @NotNull
            @Pattern(regexp = MemberController.ROLE, message = "must be one of owner, admin, operator, staff, analyst")
            String role) {}

    /** The token itself appears in this response only. */
    record CreatedTokenResponse(
            long id, String name, String role, String prefix, OffsetDateTime createdAt, String token) {}

    @GetMapping
    @RequiresPermission(Permission.TOKENS_READ)
    List<TokenView> list(CurrentWorkspace workspace) {
        return tokens.list(workspace);
    }

    @PostMapping
    @RequiresPermission(Permission.TOKENS_WRITE)
    @ResponseStatus(HttpStatus.CREATED)
    CreatedTokenResponse create(CurrentWorkspace workspace, @Valid @RequestBody CreateTokenRequest body) {
        var created = tokens.create(workspace, body.name().trim(), Role.ofCode(body.role()));
        var view = created.view();
        return new CreatedTokenResponse(
                view.id(), view.name(), view.role(), view.prefix(), view.createdAt(), created.token());
    }

    @DeleteMapping("/{id}")
    @RequiresPermission(Permission.TOKENS_WRITE)
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void revoke(CurrentWorkspace workspace, @PathVariable long id) {
        tokens.revoke(workspace, id);
    }
}
