package io.moat.workspace.internal;

import io.moat.shared.Problem;
import io.moat.shared.TenantId;
import io.moat.shared.context.CallContext;
import io.moat.workspace.AuditLog;
import io.moat.workspace.CurrentWorkspace;
import io.moat.workspace.Role;
import io.moat.workspace.WorkspaceCreated;
import io.moat.workspace.WorkspaceDeleted;
import io.moat.workspace.WorkspaceDirectory;
import java.time.Clock;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/** Creates, finds, changes and deletes workspaces, always through row-level security. */
@Service
public class WorkspaceManagement {

    private static final String SELECT = "select w.tenant_id, w.slug, w.name, w.timezone, w.currency, m.role";

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final WorkspaceDirectory directory;

    WorkspaceManagement(
            JdbcClient jdbc,
            TransactionTemplate transactions,
            AuditLog audit,
            ApplicationEventPublisher events,
            Clock clock,
            WorkspaceDirectory directory) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
        this.directory = directory;
    }

    private record Row(long tenantId, String slug, String name, String timezone, String currency, String role) {
        CurrentWorkspace current() {
            return new CurrentWorkspace(
                    new TenantId(tenantId), slug, name, ZoneId.of(timezone), currency.trim(), Role.ofCode(role));
        }
    }

    // No @Transactional on resolve and listFor: a token's transaction must begin after its tenant is set.

    /** The workspace behind a slug, if the caller may enter it; empty for everyone else, whatever the reason. */
    public Optional<CurrentWorkspace> resolve(String slug, Principal principal) {
        return switch (principal) {
            case Principal.SignedInAccount account ->
                transactions.execute(status -> jdbc.sql(SELECT + """
                             from workspace.workspace w join workspace.member m on m.tenant_id = w.tenant_id
                             where w.slug = ? and w.deleted_at is null and m.account_id = ?
                            """)
                        .params(slug, account.accountId())
                        .query(Row.class)
                        .optional()
                        .map(Row::current));
            case Principal.WorkspaceToken token ->
                CallContext.current()
                        .withTenant(token.tenant())
                        .call(() -> transactions.execute(status -> jdbc.sql("""
                                    select tenant_id, slug, name, timezone, currency, ? as role
                                    from workspace.workspace
                                    where slug = ? and tenant_id = ? and deleted_at is null
                                    """)
                                .params(
                                        token.role().code(),
                                        slug,
                                        token.tenant().value())
                                .query(Row.class)
                                .optional()
                                .map(Row::current)));
        };
    }

    public List<WorkspaceView> listFor(Principal principal) {
        return switch (principal) {
            case Principal.SignedInAccount account ->
                transactions.execute(
                        status -> jdbc.sql(SELECT + """
                     from workspace.workspace w join workspace.member m on m.tenant_id = w.tenant_id
                     where m.account_id = ? and w.deleted_at is null order by w.name, w.slug
                    """).param(account.accountId()).query(Row.class).list().stream()
                                .map(WorkspaceManagement::view)
                                .toList());
            case Principal.WorkspaceToken token ->
                CallContext.current()
                        .withTenant(token.tenant())
                        .call(
                                () -> transactions.execute(status -> jdbc
                                        .sql("""
                                    select tenant_id, slug, name, timezone, currency, ? as role
                                    from workspace.workspace where tenant_id = ? and deleted_at is null
                                    """)
                                        .params(
                                                token.role().code(),
                                                token.tenant().value())
                                        .query(Row.class)
                                        .list()
                                        .stream()
                                        .map(WorkspaceManagement::view)
                                        .toList()));
        };
    }

    /** A new workspace with its creator as owner. Its tenant id is drawn first so the rows can be written in scope. */
    public WorkspaceView create(String slug, WorkspaceSettings settings, Principal.SignedInAccount creator) {
        long id = transactions.execute(
                status -> jdbc.sql("select nextval(pg_get_serial_sequence('workspace.workspace', 'tenant_id'))")
                        .query(Long.class)
                        .single());
        TenantId tenant = new TenantId(id);
        var now = clock.instant().atOffset(ZoneOffset.UTC);
        try {
            CallContext.current()
                    .withTenant(tenant)
                    .run(() -> transactions.executeWithoutResult(status -> {
                        jdbc.sql("""
                        insert into workspace.workspace (tenant_id, slug, name, timezone, currency, created_at)
                        values (?, ?, ?, ?, ?, ?)
                        """)
                                .params(
                                        id,
                                        slug,
                                        settings.name(),
                                        settings.timezone().getId(),
                                        settings.currency(),
                                        now)
                                .update();
                        jdbc.sql(
                                        "insert into workspace.member (tenant_id, account_id, role, joined_at) values (?, ?, ?, ?)")
                                .params(id, creator.accountId(), Role.OWNER.code(), now)
                                .update();
                        audit.record(
                                "workspace.created",
                                "workspace:" + slug,
                                Map.of(
                                        "name",
                                        settings.name(),
                                        "timezone",
                                        settings.timezone().getId(),
                                        "currency",
                                        settings.currency()));
                        events.publishEvent(new WorkspaceCreated(tenant, slug));
                    }));
        } catch (DuplicateKeyException e) {
            throw new Problem(HttpStatus.CONFLICT, "slug-taken", "The slug '" + slug + "' is already taken.", "slug");
        }
        return WorkspaceView.of(slug, settings.name(), settings.timezone().getId(), settings.currency(), Role.OWNER);
    }

    @Transactional
    public WorkspaceView update(CurrentWorkspace workspace, WorkspaceSettings settings) {
        jdbc.sql("update workspace.workspace set name = ?, timezone = ?, currency = ? where tenant_id = ?")
                .params(
                        settings.name(),
                        settings.timezone().getId(),
                        settings.currency(),
                        workspace.tenant().value())
                .update();
        directory.forget(workspace.tenant());
        audit.record(
                "workspace.updated",
                "workspace:" + workspace.slug(),
                Map.of(
                        "name",
                        settings.name(),
                        "timezone",
                        settings.timezone().getId(),
                        "currency",
                        settings.currency()));
        return WorkspaceView.of(
                workspace.slug(), settings.name(), settings.timezone().getId(), settings.currency(), workspace.role());
    }

    /** Deletion hides the workspace at once and frees its slug; its rows stay until purged. */
    @Transactional
    public void delete(CurrentWorkspace workspace) {
        jdbc.sql("update workspace.workspace set deleted_at = ? where tenant_id = ? and deleted_at is null")
                .params(
                        clock.instant().atOffset(ZoneOffset.UTC),
                        workspace.tenant().value())
                .update();
        audit.record("workspace.deleted", "workspace:" + workspace.slug(), Map.of());
        events.publishEvent(new WorkspaceDeleted(workspace.tenant(), workspace.slug()));
    }

    public static WorkspaceView view(CurrentWorkspace workspace) {
        return WorkspaceView.of(
                workspace.slug(),
                workspace.name(),
                workspace.timezone().getId(),
                workspace.currency(),
                workspace.role());
    }

    private static WorkspaceView view(Row row) {
        return WorkspaceView.of(row.slug(), row.name(), row.timezone(), row.currency(), Role.ofCode(row.role()));
    }
}
