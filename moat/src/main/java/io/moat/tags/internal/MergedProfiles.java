package io.moat.tags.internal;

import io.moat.customers.CustomersMerged;
import io.moat.customers.CustomersUnmerged;
import io.moat.shared.context.CallContext;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * When two profiles prove to be one person, the merged one's tags move to the survivor; when a person undoes the
 * merge, they move back. Idempotent.
 */
@Component
class MergedProfiles {

    private final Assignments assignments;
    private final TransactionTemplate transactions;

    MergedProfiles(Assignments assignments, PlatformTransactionManager transactions) {
        this.assignments = assignments;
        this.transactions = new TransactionTemplate(transactions);
        this.transactions.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    @TransactionalEventListener
    void on(CustomersMerged merged) {
        CallContext.forTenant(merged.tenant(), "tags")
                .run(() -> transactions.executeWithoutResult(status -> assignments.move(
                        merged.tenant(),
                        merged.merged().value(),
                        merged.survivor().value())));
    }

    @TransactionalEventListener
    void on(CustomersUnmerged unmerged) {
        CallContext.forTenant(unmerged.tenant(), "tags")
                .run(() -> transactions.executeWithoutResult(status -> assignments.moveBack(
                        unmerged.tenant(),
                        unmerged.survivor().value(),
                        unmerged.merged().value())));
    }
}
