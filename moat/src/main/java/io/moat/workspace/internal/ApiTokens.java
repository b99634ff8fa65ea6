package io.moat.workspace.internal;

import io.moat.shared.Problem;
import io.moat.shared.TenantId;
import io.moat.shared.context.CallContext;
import io.moat.workspace.AuditLog;
import io.moat.workspace.CurrentWorkspace;
import io.moat.workspace.Role;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/** API tokens: scoped to one workspace and one role, shown once, stored hashed, revocable. */
@Service
public class ApiTokens {

    private static final Duration LAST_USED_PRECISION = Duration.ofMinutes(1);

    private final JdbcClient jdbc;
    private final AuditLog audit;
    private final Clock clock;
    private final TransactionTemplate transactions;

    ApiTokens(JdbcClient jdbc, AuditLog audit, Clock clock, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
        this.transactions = transactions;
    }

    public record TokenView(
            long id,
            String name,
            String role,
            String prefix,
            OffsetDateTime createdAt,
            @Nullable OffsetDateTime lastUsedAt,
            @Nullable OffsetDateTime revokedAt) {}

    public record CreatedToken(TokenView view, String token) {}

    @Transactional
    public CreatedToken create(CurrentWorkspace workspace, String name, Role role) {
        if (!workspace.role().mayGrant(role)) {
            throw new Problem(
                    HttpStatus.FORBIDDEN,
                    "role-not-grantable",
                    "A " + workspace.role().code() + " cannot create a token with the role " + role.code() + ".",
                    "role");
        }
        SecretToken secret = SecretToken.generate(SecretToken.API);
        OffsetDateTime now = clock.instant().atOffset(ZoneOffset.UTC);
        long id = jdbc.sql("""
                insert into workspace.api_token (tenant_id, name, role, token_hash, prefix, created_by, created_at)
                values (?, ?, ?, ?, ?, ?, ?) returning id
                """)
                .params(
                        workspace.tenant().value(),
                        name,
                        role.code(),
                        secret.hash(),
                        secret.displayPrefix(),
                        CallContext.current().accountId(),
                        now)
                .query(Long.class)
                .single();
        audit.record("api_token.created", "api_token:" + id, Map.of("name", name, "role", role.code()));
        return new CreatedToken(
                new TokenView(id, name, role.code(), secret.displayPrefix(), now, null, null), secret.plain());
    }

    @Transactional(readOnly = true)
    public List<TokenView> list(CurrentWorkspace workspace) {
        return jdbc.sql("""
                select id, name, role, prefix, created_at, last_used_at, revoked_at
                from workspace.api_token where tenant_id = ? order by id desc
                """)
                .param(workspace.tenant().value())
                .query(TokenView.class)
                .list();
    }

    @Transactional
    public void revoke(CurrentWorkspace workspace, long id) {
        int revoked = jdbc.sql("""
                update workspace.api_token set revoked_at = ?
                where tenant_id = ? and id = ? and revoked_at is null
                """)
                .params(
                        clock.instant().atOffset(ZoneOffset.UTC),
                        workspace.tenant().value(),
                        id)
                .update();
        if (revoked == 0) {
            throw new Problem(HttpStatus.NOT_FOUND, "api-token-not-found", "No active API token " + id + ".", "id");
        }
        audit.record("api_token.revoked", "api_token:" + id, Map.of());
    }

    /** Finds the token a caller presents. Row-level security lets the caller see only the row of that secret. */
    public Optional<Principal.WorkspaceToken> resolve(String plain) {
        String hash = SecretToken.hash(plain);
        Optional<StoredToken> stored = CallContext.current()
                .withPresentedToken(hash)
                .call(() -> transactions.execute(status ->
                        jdbc.sql("""
                                select tenant_id, id, name, role, last_used_at
                                from workspace.api_token where token_hash = ? and revoked_at is null
                                """).param(hash).query(StoredToken.class).optional()));
        stored.ifPresent(this::touch);
        return stored.map(token -> new Principal.WorkspaceToken(
                new TenantId(token.tenantId()), token.id(), token.name(), Role.ofCode(token.role())));
    }

    private record StoredToken(
            long tenantId,
            long id,
            String name,
            String role,
            @Nullable OffsetDateTime lastUsedAt) {}

    private void touch(StoredToken token) {
        Instant now = clock.instant();
        if (token.lastUsedAt() != null
                && token.lastUsedAt().toInstant().plus(LAST_USED_PRECISION).isAfter(now)) {
            return;
        }
        CallContext.current()
                .withTenant(new TenantId(token.tenantId()))
                .run(() -> transactions.executeWithoutResult(status -> jdbc.sql(
                                "update workspace.api_token set last_used_at = ? where tenant_id = ? and id = ?")
                        .params(now.atOffset(ZoneOffset.UTC), token.tenantId(), token.id())
                        .update()));
    }
}
