package io.moat.workspace.internal;

import io.moat.workspace.CurrentWorkspace;
import java.time.OffsetDateTime;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Reads the audit log newest first, a page at a time by id (keyset), never by offset. */
@Service
public class AuditTrail {

    private final JdbcClient jdbc;

    AuditTrail(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public record AuditEntry(
            long id,
            OffsetDateTime at,
            String actor,
            String action,
            @Nullable String target,
            String detail,
            @Nullable String ip) {}

    public record Page(List<AuditEntry> items, @Nullable Long next) {}

    @Transactional(readOnly = true)
    public Page page(CurrentWorkspace workspace, @Nullable Long before, int limit) {
        List<AuditEntry> rows = jdbc.sql("""
                select id, occurred_at as at, actor, action, target, detail::text as detail, client_ip as ip
                from workspace.audit_event
                where tenant_id = ? and id < ?
                order by id desc
                limit ?
                """)
                .params(workspace.tenant().value(), before == null ? Long.MAX_VALUE : before, limit + 1)
                .query(AuditEntry.class)
                .list();
        if (rows.size() <= limit) {
            return new Page(rows, null);
        }
        List<AuditEntry> page = rows.subList(0, limit);
        return new Page(List.copyOf(page), page.getLast().id());
    }
}
