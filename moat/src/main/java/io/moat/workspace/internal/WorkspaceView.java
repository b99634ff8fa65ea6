package io.moat.workspace.internal;

import io.moat.workspace.Permission;
import io.moat.workspace.Role;
import java.util.List;

/** A workspace as its member sees it, with the member's role and what that role allows. */
public record WorkspaceView(
        String slug, String name, String timezone, String currency, String role, List<String> permissions) {

    static WorkspaceView of(String slug, String name, String timezone, String currency, Role role) {
        List<String> codes =
                role.permissions().stream().sorted().map(Permission::code).toList();
        return new WorkspaceView(slug, name, timezone, currency.trim(), role.code(), codes);
    }
}
