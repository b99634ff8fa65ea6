package io.moat.workspace;

import io.moat.shared.TenantId;
import io.moat.shared.context.CallContext;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Finds workspaces without a signed-in caller: for WeCom callbacks (which name a workspace by slug) and for
 * background workers (which visit every workspace). It reads the directory scope only — slug, tenant and time
 * zone — never a workspace's data.
 */
@Component
public class WorkspaceDirectory {

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;

    WorkspaceDirectory(JdbcClient jdbc, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
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
