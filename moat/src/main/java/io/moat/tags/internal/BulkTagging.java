package io.moat.tags.internal;

import io.moat.shared.TenantId;
import io.moat.shared.context.CallContext;
import io.moat.workspace.AuditLog;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Starts bulk tagging: the tags are checked at once (the problem names the list at fault), the job is recorded
 * and audited, then it runs in the background ({@link BulkRunner}). Call in the workspace's scope.
 */
@Service
public class BulkTagging {

    public static final int MAX_CUSTOMERS = 10_000;

    private final TagChanges changes;
    private final BulkJobs jobs;
    private final BulkRunner runner;
    private final AuditLog audit;
    private final TransactionTemplate transactions;

    BulkTagging(
            TagChanges changes, BulkJobs jobs, BulkRunner runner, AuditLog audit, TransactionTemplate transactions) {
        this.changes = changes;
        this.jobs = jobs;
        this.runner = runner;
        this.audit = audit;
        this.transactions = transactions;
    }

    public long start(TenantId tenant, List<Long> customers, List<Long> add, List<Long> remove) {
        changes.resolve(tenant, add, remove);
        List<Long> distinct = customers.stream().distinct().toList();
        long id = Objects.requireNonNull(transactions.execute(status -> {
            long job = jobs.create(
                    tenant,
                    add.stream().distinct().toList(),
                    remove.stream().distinct().toList(),
                    distinct,
                    CallContext.current().actor());
            audit.record(
                    "tags.bulk.started",
                    "tag-bulk:" + job,
                    Map.of("customers", distinct.size(), "add", add, "remove", remove));
            return job;
        }));
        runner.submit(tenant, id);
        return id;
    }
}
