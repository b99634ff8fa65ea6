package io.moat.messaging.internal;

import io.moat.shared.TenantId;
import io.moat.shared.context.CallContext;
import io.moat.workspace.WorkspaceDirectory;
import java.time.ZoneId;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Each workspace's time zone (quiet hours and brand caps are local). Read from the workspace directory and kept:
 * a zone rarely changes, and a worker checks thousands of sends a second.
 */
@Component
class WorkspaceZones {

    private static final ZoneId FALLBACK = ZoneId.of("Asia/Shanghai");

    private final WorkspaceDirectory directory;
    private final Map<TenantId, ZoneId> zones = new ConcurrentHashMap<>();

    private final TransactionTemplate ownTransaction;

    WorkspaceZones(WorkspaceDirectory directory, PlatformTransactionManager transactions) {
        this.directory = directory;
        // Called from inside a worker's transaction, whose scope is one tenant: the directory needs its own.
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    ZoneId of(TenantId tenant) {
        ZoneId zone = zones.get(tenant);
        if (zone == null) {
            CallContext.system()
                    .withDirectory()
                    .run(() -> ownTransaction.executeWithoutResult(
                            status -> directory.all().forEach(entry -> zones.put(entry.tenant(), entry.timezone()))));
            zone = zones.computeIfAbsent(tenant, unknown -> FALLBACK);
        }
        return zone;
    }
}
