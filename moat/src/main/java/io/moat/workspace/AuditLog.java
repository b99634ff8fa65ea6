package io.moat.workspace;

import io.moat.shared.TenantId;
import io.moat.shared.context.CallContext;
import java.time.Clock;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Records who did what, when and from where in the current workspace. Call it inside the transaction that makes
 * the change, so the change and its record commit together.
 */
@Component
public class AuditLog {

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Clock clock;

    AuditLog(JdbcClient jdbc, JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void record(String action, @Nullable String target, Map<String, ?> detail) {
        CallContext caller = CallContext.current();
        TenantId tenant = caller.tenant();
        if (tenant == null) {
            throw new IllegalStateException("audit record '" + action + "' outside a workspace");
        }
        jdbc.sql("""
                insert into workspace.audit_event
                    (tenant_id, occurred_at, actor_account_id, actor, action, target, detail, client_ip)
                values (:tenant, :at, :account, :actor, :action, :target, cast(:detail as jsonb), :ip)
                """)
                .param("tenant", tenant.value())
                .param("at", clock.instant().atOffset(java.time.ZoneOffset.UTC))
                .param("account", caller.accountId())
                .param("actor", caller.actor())
                .param("action", action)
                .param("target", target)
                .param("detail", json.writeValueAsString(detail))
                .param("ip", caller.clientIp())
                .update();
    }
}
