package io.moat.workspace;

import io.moat.shared.TenantId;
import io.moat.shared.context.CallContext;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Finds workspaces without a signed-in caller: for WeCom callbacks (which name a workspace by slug) and for
 * background workers (which visit every workspace). It reads the directory scope only — slug, tenant and time
 * zone — never a workspace's data.
 */
@Component
public class WorkspaceDirectory {

    private static final ZoneId FALLBACK_ZONE = ZoneId.of("Asia/Shanghai");

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final TransactionTemplate ownTransaction;
    private final Map<TenantId, ZoneId> zones = new ConcurrentHashMap<>();

    WorkspaceDirectory(JdbcClient jdbc, TransactionTemplate transactions, PlatformTransactionManager manager) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        // zoneOf is asked from inside a workspace's transaction, whose scope cannot read the directory
        this.ownTransaction = new TransactionTemplate(manager);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /**
     * The time zone a workspace counts its days in (quiet hours, caps, waits, daily figures). Kept after the first
     * read, since workers ask it for every row; changing the workspace's settings forgets it. Safe to call inside
     * any transaction.
     */
    public ZoneId zoneOf(TenantId tenant) {
        return zones.computeIfAbsent(tenant, key -> CallContext.system()
                .withDirectory()
                .call(() -> ownTransaction.execute(
                        status -> jdbc.sql("select timezone from workspace.workspace where tenant_id = ?")
                                .param(key.value())
                                .query(String.class)
                                .optional()
                                .map(ZoneId::of)
                                .orElse(FALLBACK_ZONE))));
    }

    /** Drops the kept time zone of a workspace whose settings changed. */
    public void forget(TenantId tenant) {
        zones.remove(tenant);
    }

    /** A workspace as the directory knows it. */
    public record Entry(TenantId tenant, String slug, ZoneId timezone) {}

    private record Row(long tenantId, String slug, String timezone) {
        Entry entry() {
            return new Entry(new TenantId(tenantId), slug, ZoneId.of(timezone));
        }
    }

    public Optional<Entry> bySlug(String slug) {
        return CallContext.current()
                .withDirectory()
                .call(() -> transactions.execute(status ->
                        jdbc.sql("""
                        select tenant_id, slug, timezone from workspace.workspace
                        where slug = ? and deleted_at is null
                        """).param(slug).query(Row.class).optional().map(Row::entry)));
    }

    public List<Entry> all() {
        return CallContext.current()
                .withDirectory()
                .call(() -> transactions.execute(status -> jdbc.sql("""
                        select tenant_id, slug, timezone from workspace.workspace
                        where deleted_at is null order by tenant_id
                        """).query(Row.class).list().stream()
                        .map(Row::entry)
                        .toList()));
    }
}
