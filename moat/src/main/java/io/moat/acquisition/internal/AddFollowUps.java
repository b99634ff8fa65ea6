package io.moat.acquisition.internal;

import io.moat.shared.TenantId;
import io.moat.shared.context.CallContext;
import io.moat.wecom.CustomerRemoved;
import io.moat.wecom.StaffChanged;
import io.moat.wecom.StaffDeletedByCustomer;
import io.moat.workspace.WorkspaceDirectory;
import java.time.Clock;
import java.time.Duration;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What happens after an add: a deletion by either side ends the arrival's relation (for deletions within 7 and 30
 * days), a staff member who leaves the company leaves every rotation at once, and a welcome whose outcome was never
 * recorded (Moat stopped mid-send) is closed as failed once its window is long over.
 */
@Component
class AddFollowUps {

    static final Duration ABANDONED_AFTER = Duration.ofMinutes(2);

    private final Arrivals arrivals;
    private final WelcomeSends sends;
    private final WorkspaceDirectory directory;
    private final TransactionTemplate transactions;
    private final Clock clock;

    AddFollowUps(
            Arrivals arrivals,
            WelcomeSends sends,
            WorkspaceDirectory directory,
            PlatformTransactionManager transactions,
            Clock clock) {
        this.arrivals = arrivals;
        this.sends = sends;
        this.directory = directory;
        this.transactions = new TransactionTemplate(transactions);
        this.transactions.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.clock = clock;
    }

    @TransactionalEventListener
    void on(StaffDeletedByCustomer deleted) {
        inTenant(
                deleted.tenant(),
                () -> arrivals.ended(
                        deleted.tenant(), deleted.externalUserId(), deleted.staffUserId(), "customer", deleted.at()));
    }

    @TransactionalEventListener
    void on(CustomerRemoved removed) {
        inTenant(
                removed.tenant(),
                () -> arrivals.ended(
                        removed.tenant(),
                        removed.externalUserId(),
                        removed.staffUserId(),
                        removed.byTransfer() ? "transfer" : "staff",
                        removed.at()));
    }

    @TransactionalEventListener
    void on(StaffChanged changed) {
        if ("delete_user".equals(changed.changeType())) {
            inTenant(changed.tenant(), () -> arrivals.staffLeft(changed.tenant(), changed.userId(), changed.at()));
        }
    }

    @Scheduled(fixedDelayString = "${moat.acquisition.welcome-sweep-interval:60s}", initialDelayString = "60s")
    void closeAbandonedWelcomes() {
        for (var workspace : directory.all()) {
            inTenant(
                    workspace.tenant(),
                    () -> sends.abandon(workspace.tenant(), clock.instant().minus(ABANDONED_AFTER), clock.instant()));
        }
    }

    private void inTenant(TenantId tenant, Runnable work) {
        CallContext.forTenant(tenant, "acquisition").run(() -> transactions.executeWithoutResult(status -> work.run()));
    }
}
