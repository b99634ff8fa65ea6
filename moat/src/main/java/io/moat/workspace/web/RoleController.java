package io.moat.workspace.web;

import io.moat.workspace.Permission;
import io.moat.workspace.Role;
import java.util.Arrays;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
class RoleController {

    record RoleResponse(String role, List<String> permissions) {}

    @GetMapping("/api/v1/roles")
    List<RoleResponse> roles() {
        return Arrays.stream(Role.values())
                .map(role -> new RoleResponse(
                        role.code(),
                        role.permissions().stream()
                                .sorted()
                                .map(Permission::code)
                                .toList()))
                .toList();
    }
}
