package io.moat.commerce.imports;

import io.moat.commerce.export.ExportTable;
import io.moat.commerce.export.OrderAssembly;
import io.moat.commerce.export.ParsedExport;
import io.moat.commerce.order.BulkOrderLoad;
import io.moat.commerce.order.OrderRecord;
import io.moat.shared.TenantId;
import io.moat.shared.context.CallContext;
import io.moat.workspace.WorkspaceDirectory;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs imports in the background. A job reads its file (the upload already read for its check, or its stored copy
 * when resumed), records the rejected rows, then commits the orders in batches, each batch and its count in one
 * transaction. A batch is written set-based ({@link BulkOrderLoad}: {@code COPY} into temp tables, then one {@code
 * INSERT … SELECT … ON CONFLICT} whose returned orders feed the insert of their lines), so its size is set by how
 * much progress a stop may cost, not by round trips. Every order is idempotent on platform and number and the job
 * remembers how many batches it committed, so a job cut off by a stop is simply run again at start-up from its
 * stored file: it skips the batches already done and finishes with the counts a clean run would have.
 */
@Service
public class OrderImport implements DisposableBean {

    /** Called after each committed batch; tests use it to stop a job part-way, as a crash would. */
    interface BatchHook {
        BatchHook NONE = batch -> {};

        void afterBatch(int batch);
    }

    private static final Logger log = LoggerFactory.getLogger(OrderImport.class);

    private final ImportJobs jobs;
    private final ImportErrors errors;
    private final BulkOrderLoad orders;
    private final WorkspaceDirectory directory;
    private final TransactionTemplate transactions;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    OrderImport(
            ImportJobs jobs,
            ImportErrors errors,
            BulkOrderLoad orders,
            WorkspaceDirectory directory,
            TransactionTemplate transactions) {
        this.jobs = jobs;
        this.errors = errors;
        this.orders = orders;
        this.directory = directory;
        this.transactions = transactions;
    }

    /** Runs a job in the background, from its file already read when given, else from its stored copy. */
    void submit(TenantId tenant, long id, @Nullable ExportTable table) {
        CallContext context = CallContext.forTenant(tenant, "order-import");
        executor.submit(() -> context.run(() -> process(tenant, id, BatchHook.NONE, table)));
    }

    /** Jobs left running by an instance that stopped are picked up again from their stored files. */
    @EventListener(ApplicationReadyEvent.class)
    public void resumeInterrupted() {
        for (var workspace : directory.all()) {
            List<Long> running = CallContext.forTenant(workspace.tenant(), "order-import")
                    .call(() -> transactions.execute(status -> jobs.running(workspace.tenant())));
            for (long id : running == null ? List.<Long>of() : running) {
                log.info("Resuming order import {} of {}", id, workspace.slug());
                submit(workspace.tenant(), id, null);
            }
        }
    }

    /** Runs (or resumes) one job to its end from its stored file; call in the tenant's scope. */
    void process(TenantId tenant, long id, BatchHook hook) {
        process(tenant, id, hook, null);
    }

    private void process(TenantId tenant, long id, BatchHook hook, @Nullable ExportTable read) {
        var work = transactions.execute(status -> jobs.work(tenant, id, read == null));
        if (work == null || work.isEmpty()) {
            return;
        }
        var job = work.get();
        try {
            var format = job.source().format(job.mapping(), job.platform());
            ExportTable table = read != null ? read : ExportTable.read(java.util.Objects.requireNonNull(job.bytes()));
            List<String> missing = table.missing(format.requiredColumns());
            if (!missing.isEmpty()) {
                throw new IllegalStateException("the header lacks " + String.join(", ", missing));
            }
            ParsedExport parsed = OrderAssembly.assemble(table, format, job.zone());
            if (!job.parsed()) {
                transactions.executeWithoutResult(status -> {
                    errors.record(tenant, id, parsed.rejections());
                    jobs.parsed(tenant, id, parsed);
                });
            }
            List<OrderRecord> all = parsed.orders();
            int batches = (all.size() + job.batchSize() - 1) / job.batchSize();
            for (int batch = job.batchesDone() + 1; batch <= batches; batch++) {
                var slice = all.subList((batch - 1) * job.batchSize(), Math.min(all.size(), batch * job.batchSize()));
                if (!commit(tenant, id, batch, slice)) {
                    log.info("Order import {} is being run elsewhere; leaving it", id);
                    return;
                }
                hook.afterBatch(batch);
            }
            transactions.executeWithoutResult(status -> jobs.finish(tenant, id, null));
        } catch (RuntimeException e) {
            log.warn("Order import {} of tenant {} failed", id, tenant, e);
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            transactions.executeWithoutResult(status -> jobs.finish(tenant, id, reason));
        }
    }

    private boolean commit(TenantId tenant, long id, int batch, List<OrderRecord> slice) {
        Boolean committed = transactions.execute(status -> {
            var outcome = orders.record(tenant, slice, id);
            if (!outcome.rejected().isEmpty()) {
                // OrderAssembly already left out what the database would refuse, with its row numbers.
                throw new IllegalStateException(
                        "order " + outcome.rejected().getFirst().orderNo() + " cannot be stored: "
                                + outcome.rejected().getFirst().reason());
            }
            if (!jobs.batchDone(tenant, id, batch, outcome.batch())) {
                status.setRollbackOnly();
                return false;
            }
            return true;
        });
        return Boolean.TRUE.equals(committed);
    }

    @Override
    public void destroy() throws InterruptedException {
        executor.shutdownNow();
        executor.awaitTermination(10, TimeUnit.SECONDS);
    }
}
