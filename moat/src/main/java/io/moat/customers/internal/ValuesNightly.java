package io.moat.customers.internal;

import io.moat.shared.context.CallContext;
import io.moat.workspace.WorkspaceDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Re-scores every workspace's customers each night: RFM ranks each buyer against all others, and stages move with
 * the passing days (a quiet customer becomes dormant without any new event).
 */
@Component
class ValuesNightly {

    private static final Logger log = LoggerFactory.getLogger(ValuesNightly.class);

    private final CustomerValues values;
    private final WorkspaceDirectory directory;
    private final TransactionTemplate transactions;

    ValuesNightly(CustomerValues values, WorkspaceDirectory directory, TransactionTemplate transactions) {
        this.values = values;
        this.directory = directory;
        this.transactions = transactions;
    }

    @Scheduled(cron = "${moat.customers.values-cron:0 10 4 * * *}")
    void recomputeAll() {
        for (var workspace : directory.all()) {
            try {
                int scored = CallContext.forTenant(workspace.tenant(), "customer-values")
                        .call(() -> transactions.execute(
                                status -> values.recomputeAll(workspace.tenant(), workspace.timezone())));
                log.info("Scored {} customers of {}", scored, workspace.slug());
            } catch (RuntimeException e) {
                log.warn("Scoring the customers of {} failed: {}", workspace.slug(), e.getMessage());
            }
        }
    }
}
