package io.moat.journeys.internal;

import io.moat.shared.TenantId;
import io.moat.workspace.WorkspaceDirectory;
import java.time.ZoneId;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/** Each workspace's time zone, for waits until a time of day; read from the directory once per workspace. */
@Component
class JourneyTimeZones {

    private final WorkspaceDirectory directory;
    private final Map<TenantId, ZoneId> zones = new ConcurrentHashMap<>();

    JourneyTimeZones(WorkspaceDirectory directory) {
        this.directory = directory;
    }

    ZoneId of(TenantId tenant) {
        ZoneId zone = zones.get(tenant);
        if (zone == null) {
            directory.all().forEach(entry -> zones.put(entry.tenant(), entry.timezone()));
            zone = zones.getOrDefault(tenant, ZoneId.of("Asia/Shanghai"));
        }
        return zone;
    }
}
