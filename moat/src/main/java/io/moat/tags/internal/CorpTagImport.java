package io.moat.tags.internal;

import io.moat.shared.TenantId;
import io.moat.shared.context.CallContext;
import io.moat.wecom.CorpTagsChanged;
import io.moat.wecom.WecomTags;
import io.moat.workspace.AuditLog;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Brings WeCom's corp tags into the library: on request, and whenever WeCom reports a change made in its own
 * console (API writes report nothing, and Moat's own are already applied). WeCom's list is read first, outside any
 * transaction, then reconciled in one; running it again changes nothing.
 */
@Service
public class CorpTagImport {

    private final WecomTags wecom;
    private final Reconciliation reconciliation;
    private final AuditLog audit;
    private final TransactionTemplate transactions;

    CorpTagImport(
            WecomTags wecom, Reconciliation reconciliation, AuditLog audit, PlatformTransactionManager transactions) {
        this.wecom = wecom;
        this.reconciliation = reconciliation;
        this.audit = audit;
        // After commit the publisher's finished transaction is still bound; this work needs one of its own.
        this.transactions = new TransactionTemplate(transactions);
        this.transactions.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** What an import changed. */
    public record Outcome(int groupsCreated, int tagsCreated, int renamed, int groupsDeleted, int tagsDeleted) {
        public Map<String, Integer> counts() {
            return Map.of(
                    "groupsCreated", groupsCreated,
                    "tagsCreated", tagsCreated,
                    "renamed", renamed,
                    "groupsDeleted", groupsDeleted,
                    "tagsDeleted", tagsDeleted);
        }
    }

    /** Imports and records who asked; call in the workspace's scope. */
    public Outcome run(TenantId tenant) {
        List<WecomTags.Tag> remote = WecomRefusal.guard("wecom", "list its corp tags", () -> wecom.list(tenant));
        return Objects.requireNonNull(transactions.execute(status -> {
            var outcome = reconciliation.reconcile(tenant, remote);
            audit.record("tags.synced", null, outcome.counts());
            return outcome;
        }));
    }

    @TransactionalEventListener
    void on(CorpTagsChanged changed) {
        TenantId tenant = changed.tenant();
        CallContext.forTenant(tenant, "wecom-tags").run(() -> {
            List<WecomTags.Tag> remote = wecom.list(tenant);
            transactions.executeWithoutResult(status -> reconciliation.reconcile(tenant, remote));
        });
    }
}
