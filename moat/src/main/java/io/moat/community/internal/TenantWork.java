package io.moat.community.internal;

import io.moat.shared.TenantId;
import io.moat.shared.context.CallContext;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs a listener's work for one workspace in a transaction of its own: after commit the publisher's transaction is
 * still bound, and without the tenant in the call context row-level security shows nothing.
 */
@Component
class TenantWork {

    private final TransactionTemplate transactions;

    TenantWork(PlatformTransactionManager transactions) {
        this.transactions = new TransactionTemplate(transactions);
        this.transactions.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    void run(TenantId tenant, Runnable work) {
        CallContext.forTenant(tenant, "community").run(() -> transactions.executeWithoutResult(status -> work.run()));
    }
}
