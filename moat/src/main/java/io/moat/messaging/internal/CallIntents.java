package io.moat.messaging.internal;

import io.moat.shared.TenantId;
import java.time.Instant;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The intents of WeCom calls that must not be repeated (see {@code messaging.call_intent}). A handler runs inside
 * the schedule's transaction, which may still roll back after WeCom has acted; the intent is therefore committed in a
 * transaction of its own <em>before</em> the call, and a later attempt that finds it knows WeCom may already have
 * acted and must find out rather than call again.
 */
@Component
class CallIntents {

    private final JdbcClient jdbc;
    private final TransactionTemplate own;

    CallIntents(JdbcClient jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.own = new TransactionTemplate(transactions);
        this.own.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** Whether an earlier attempt got as far as announcing its call. */
    boolean announced(TenantId tenant, String subject) {
        return jdbc.sql("select exists (select 1 from messaging.call_intent where tenant_id = ? and subject = ?)")
                .params(tenant.value(), subject)
                .query(Boolean.class)
                .single();
    }

    /**
     * Commits the intent before returning (a transaction of its own, for the caller's tenant: the caller runs inside
     * {@code CallContext.forTenant}); the first intent's moment is kept.
     */
    void announce(TenantId tenant, String subject, Instant at) {
        own.executeWithoutResult(status ->
                jdbc.sql("""
                        insert into messaging.call_intent (tenant_id, subject, called_at) values (?, ?, ?)
                        on conflict (tenant_id, subject) do nothing
                        """).params(tenant.value(), subject, SendLog.utc(at)).update());
    }
}
