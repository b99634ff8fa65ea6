package io.moat.workspace;

import io.moat.shared.TenantId;
import java.time.ZoneId;

/**
 * The workspace a request runs in, resolved from the path's slug after membership was checked. Controllers take
 * it as a parameter.
 */
public record CurrentWorkspace(TenantId tenant, String slug, String name, ZoneId timezone, String currency, Role role) {

    public boolean can(Permission permission) {
        return role.can(permission);
    }
}
