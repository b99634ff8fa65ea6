package io.moat.tags.internal;

import io.moat.shared.Problem;
import io.moat.shared.TenantId;
import io.moat.shared.context.CallContext;
import io.moat.workspace.AuditLog;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
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
        return start(tenant, customers, add, remove, null, null, null).id();
    }

    /** A started job, or the one an earlier start with the same request key made ({@code created} false). */
    public record Started(long id, boolean created) {}

    /**
     * Starts a job over these customers; {@code selection} describes the list filter they came from (JSON, or null
     * when they were picked one by one). A start with a request key that was used before returns that job and
     * starts nothing, so a client may retry a start whose answer it lost; but when that earlier request's {@code
     * fingerprint} (of its body) differs from this one's, the key was reused for another request, and the start is
     * refused with 422 naming the {@code Idempotency-Key} header (nothing starts, the earlier job is not returned).
     */
    public Started start(
            TenantId tenant,
            List<Long> customers,
            List<Long> add,
            List<Long> remove,
            @Nullable String selection,
            @Nullable String requestKey,
            @Nullable String fingerprint) {
        changes.resolve(tenant, add, remove);
        List<Long> distinct = customers.stream().distinct().toList();
        BulkJobs.Created made = Objects.requireNonNull(transactions.execute(status -> {
            BulkJobs.Created job = jobs.create(
                    tenant,
                    add.stream().distinct().toList(),
                    remove.stream().distinct().toList(),
                    distinct,
                    CallContext.current().actor(),
                    selection,
                    requestKey,
                    fingerprint);
            if (!job.created()
                    && fingerprint != null
                    && job.fingerprint() != null
                    && !fingerprint.equals(job.fingerprint())) {
                throw new Problem(
                        HttpStatus.UNPROCESSABLE_CONTENT,
                        "idempotency-key-reused",
                        "This Idempotency-Key was already used for a different request (bulk job " + job.id()
                                + "); use a new key for a new request.",
                        "Idempotency-Key");
            }
            if (job.created()) {
                audit.record(
                        "tags.bulk.started",
                        "tag-bulk:" + job.id(),
                        Map.of(
                                "customers",
                                distinct.size(),
                                "add",
                                add,
                                "remove",
                                remove,
                                "selection",
                                selection == null ? "picked" : selection));
            }
            return job;
        }));
        if (made.created()) {
            runner.submit(tenant, made.id());
        }
        return new Started(made.id(), made.created());
    }
}
