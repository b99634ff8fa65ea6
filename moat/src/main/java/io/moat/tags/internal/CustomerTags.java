package io.moat.tags.internal;

import io.moat.customers.CustomerId;
import io.moat.shared.TenantId;
import io.moat.shared.context.CallContext;
import io.moat.tags.internal.Assignments.Assigned;
import io.moat.tags.internal.Tagging.Marked;
import io.moat.workspace.AuditLog;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/** One customer's tags: what they carry, and adding or removing some by hand. Call in the workspace's scope. */
@Service
public class CustomerTags {

    private final TagChanges changes;
    private final Tagging tagging;
    private final Assignments assignments;
    private final AuditLog audit;
    private final TransactionTemplate transactions;

    CustomerTags(
            TagChanges changes,
            Tagging tagging,
            Assignments assignments,
            AuditLog audit,
            TransactionTemplate transactions) {
        this.changes = changes;
        this.tagging = tagging;
        this.assignments = assignments;
        this.audit = audit;
        this.transactions = transactions;
    }

    public List<Assigned> of(TenantId tenant, long customer) {
        changes.requireCustomer(tenant, customer);
        return Objects.requireNonNull(transactions.execute(status -> assignments.of(tenant, customer)));
    }

    /** Marks synced tags in WeCom, then records what took; the answer says what happened on each relation. */
    public Marked change(TenantId tenant, long customer, List<Long> add, List<Long> remove) {
        changes.requireCustomer(tenant, customer);
        var change = changes.resolve(tenant, add, remove);
        Marked marked = tagging.mark(tenant, new CustomerId(customer), change);
        transactions.executeWithoutResult(status -> {
            tagging.apply(
                    tenant,
                    marked,
                    AssignmentSource.MANUAL,
                    CallContext.current().actor());
            audit.record(
                    "tags.customer.tagged",
                    "customer:" + customer,
                    Map.of(
                            "add",
                            add,
                            "remove",
                            remove,
                            "outcome",
                            marked.outcome().code()));
        });
        return marked;
    }
}
