package io.moat.tags.internal;

import io.moat.customers.CustomerId;
import io.moat.shared.TenantId;
import io.moat.shared.context.CallContext;
import io.moat.tags.internal.BulkJobs.Job;
import io.moat.tags.internal.Tagging.Change;
import io.moat.tags.internal.Tagging.Marked;
import io.moat.workspace.WorkspaceDirectory;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs bulk tagging jobs on virtual threads, a few customers at a time (WeCom's quota governor paces the calls).
 * Each customer is marked in WeCom, then its results, counts and assignments commit together; a failure is that
 * customer's result and the job goes on. A job whose worker stopped is claimed again once its lease runs out and
 * skips the customers already handled; marks and assignments are set-like, so a repeated customer doubles nothing.
 */
@Component
class BulkRunner implements DisposableBean {

    static final int PARALLEL = 8;
    private static final Logger log = LoggerFactory.getLogger(BulkRunner.class);

    private final BulkJobs jobs;
    private final TagLibrary library;
    private final Tagging tagging;
    private final WorkspaceDirectory directory;
    private final TransactionTemplate transactions;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    BulkRunner(
            BulkJobs jobs,
            TagLibrary library,
            Tagging tagging,
            WorkspaceDirectory directory,
            PlatformTransactionManager transactions) {
        this.jobs = jobs;
        this.library = library;
        this.tagging = tagging;
        this.directory = directory;
        this.transactions = new TransactionTemplate(transactions);
        this.transactions.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    void submit(TenantId tenant, long id) {
        CallContext context = CallContext.forTenant(tenant, "tag-bulk");
        executor.submit(() -> context.run(() -> process(tenant, id)));
    }

    /** Picks up jobs left without a worker: at start-up, and every minute after. */
    @EventListener(ApplicationReadyEvent.class)
    @Scheduled(fixedDelayString = "${moat.tags.bulk.resume-interval:60s}", initialDelayString = "60s")
    public void resumeAbandoned() {
        for (var workspace : directory.all()) {
            List<Long> waiting = CallContext.forTenant(workspace.tenant(), "tag-bulk")
                    .call(() -> transactions.execute(status -> jobs.claimable(workspace.tenant())));
            for (long id : waiting == null ? List.<Long>of() : waiting) {
                log.info("Resuming bulk tagging job {} of {}", id, workspace.slug());
                submit(workspace.tenant(), id);
            }
        }
    }

    /** Runs (or resumes) one job to its end; call in the tenant's scope. */
    void process(TenantId tenant, long id) {
        var claimed = transactions.execute(status -> jobs.claim(tenant, id));
        if (claimed == null || claimed.isEmpty()) {
            return;
        }
        Job job = claimed.get();
        try {
            Change change = Objects.requireNonNull(transactions.execute(
                    status -> new Change(library.refs(tenant, job.add()), library.refs(tenant, job.remove()))));
            Set<Long> handled = Objects.requireNonNull(transactions.execute(status -> jobs.handled(tenant, id)));
            List<Long> todo =
                    job.customers().stream().filter(c -> !handled.contains(c)).toList();
            AtomicBoolean lost = new AtomicBoolean();
            for (int start = 0; start < todo.size() && !lost.get(); start += PARALLEL) {
                var slice = todo.subList(start, Math.min(todo.size(), start + PARALLEL));
                runTogether(slice.stream()
                        .map(customer -> (Runnable) () -> handle(tenant, job, customer, change, lost))
                        .toList());
            }
            if (lost.get()) {
                log.info("Bulk tagging job {} was taken over by another worker", id);
                return;
            }
            transactions.executeWithoutResult(status -> jobs.finish(tenant, job, null));
        } catch (RuntimeException e) {
            log.warn("Bulk tagging job {} of tenant {} failed", id, tenant, e);
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            transactions.executeWithoutResult(status -> jobs.finish(tenant, job, reason));
        }
    }

    private void handle(TenantId tenant, Job job, long customer, Change change, AtomicBoolean lost) {
        Marked marked = tagging.mark(tenant, new CustomerId(customer), change);
        transactions.executeWithoutResult(status -> {
            if (!jobs.record(tenant, job, marked)) {
                lost.set(true);
                status.setRollbackOnly();
                return;
            }
            tagging.apply(tenant, marked, AssignmentSource.MANUAL, job.startedBy());
        });
    }

    /** Runs the tasks at once in this call's scope and waits for them; the first failure is rethrown. */
    private static void runTogether(List<Runnable> tasks) {
        CallContext context = CallContext.current();
        List<Future<?>> running = new ArrayList<>();
        try (var group = Executors.newVirtualThreadPerTaskExecutor()) {
            tasks.forEach(task -> running.add(group.submit(() -> context.run(task))));
        }
        for (Future<?> task : running) {
            try {
                task.get();
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException runtime
                        ? runtime
                        : new IllegalStateException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    @Override
    public void destroy() throws InterruptedException {
        executor.shutdownNow();
        executor.awaitTermination(10, TimeUnit.SECONDS);
    }
}
