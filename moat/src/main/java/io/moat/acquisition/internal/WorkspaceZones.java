package io.moat.acquisition.internal;

import io.moat.shared.TenantId;
import io.moat.workspace.WorkspaceDirectory;
import java.time.ZoneId;
import org.springframework.stereotype.Component;

/** The time zone a workspace counts its days in. Call outside a transaction (the directory opens its own). */
@Component
class WorkspaceZones {

    private static final ZoneId FALLBACK = ZoneId.of("Asia/Shanghai");

    private final WorkspaceDirectory directory;

    WorkspaceZones(WorkspaceDirectory directory) {
        this.directory = directory;
    }

    ZoneId of(TenantId tenant) {
        return directory.all().stream()
                .filter(entry -> entry.tenant().equals(tenant))
                .findFirst()
                .map(WorkspaceDirectory.Entry::timezone)
                .orElse(FALLBACK);
    }
}
