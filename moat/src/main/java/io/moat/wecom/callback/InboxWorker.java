package io.moat.wecom.callback;

import io.moat.shared.TenantId;
import io.moat.shared.context.CallContext;
import io.moat.wecom.callback.CallbackIntake.InboxFilled;
import io.moat.wecom.callback.Inbox.Entry;
import io.moat.workspace.WorkspaceDirectory;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Drains each workspace's inbox in arrival order, a page of events per transaction: the events' effects and their
 * "processed" marks commit together, so a crash never applies an event twice or loses it. If any event of a page
 * fails, the page's transaction rolls back and its events are taken again one per transaction, so the failure is
 * recorded on that event alone and the others are applied (in the same order) as if the page had never been tried.
 * New work is picked up at once; a periodic sweep catches anything left behind (retries, restarts).
 */
@Component
class InboxWorker implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(InboxWorker.class);

    /** Events per transaction. */
    static final int PAGE = 25;

    private final Inbox inbox;
    private final EventHandling handling;
    private final WorkspaceDirectory directory;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    // 0 idle, 1 draining, 2 draining and more work arrived meanwhile.
    private final Map<TenantId, AtomicInteger> draining = new ConcurrentHashMap<>();

    InboxWorker(
            Inbox inbox,
            EventHandling handling,
            WorkspaceDirectory directory,
            TransactionTemplate transactions,
            Clock clock) {
        this.inbox = inbox;
        this.handling = handling;
        this.directory = directory;
        this.transactions = transactions;
        this.clock = clock;
    }

    @EventListener
    void onFilled(InboxFilled filled) {
        executor.submit(() -> drain(filled.tenant()));
    }

    @Scheduled(
            fixedDelayString = "${moat.wecom.inbox.sweep-interval:15s}",
            initialDelayString = "${moat.wecom.inbox.sweep-delay:5s}")
    void sweep() {
        for (var workspace : directory.all()) {
            drain(workspace.tenant());
        }
    }

    void drain(TenantId tenant) {
        AtomicInteger state = draining.computeIfAbsent(tenant, key -> new AtomicInteger());
        if (state.getAndUpdate(s -> s == 0 ? 1 : 2) != 0) {
            return;
        }
        try {
            do {
                state.set(1);
                CallContext.forTenant(tenant, "wecom-inbox").run(() -> {
                    while (processPage(tenant)) {
                        // a page per transaction, until none is due
                    }
                });
            } while (!state.compareAndSet(1, 0));
        } catch (RuntimeException e) {
            state.set(0);
            log.error("Draining the WeCom inbox of tenant {} stopped; the next sweep resumes it", tenant, e);
        }
    }

    /**
     * Applies up to {@link #PAGE} due events in one transaction; answers whether there were any. A failure rolls the
     * page back, and as many events as it held are then taken one per transaction (the oldest due first: the page's
     * own, unless a retry fell due meanwhile), which records the failing one's attempt.
     */
    private boolean processPage(TenantId tenant) {
        int[] claimed = new int[1];
        try {
            transactions.executeWithoutResult(status -> {
                var page = inbox.claimPage(tenant, clock.instant(), PAGE);
                claimed[0] = page.size();
                for (Entry event : page) {
                    handling.apply(tenant, event);
                }
                if (!page.isEmpty()) {
                    inbox.processed(tenant, page.stream().map(Entry::id).toList(), clock.instant());
                }
            });
            return claimed[0] > 0;
        } catch (RuntimeException e) {
            if (claimed[0] == 0) {
                log.error("Could not read the WeCom inbox of tenant {}", tenant, e);
                return false;
            }
            for (int i = 0; i < claimed[0]; i++) {
                if (!processOne(tenant)) {
                    break;
                }
            }
            return true;
        }
    }

    private boolean processOne(TenantId tenant) {
        Entry[] claimed = new Entry[1];
        try {
            Boolean found = transactions.execute(status -> {
                var next = inbox.claimNext(tenant, clock.instant());
                if (next.isEmpty()) {
                    return false;
                }
                claimed[0] = next.get();
                handling.apply(tenant, next.get());
                inbox.processed(tenant, next.get().id(), clock.instant());
                return true;
            });
            return Boolean.TRUE.equals(found);
        } catch (RuntimeException e) {
            if (claimed[0] == null) {
                log.error("Could not read the WeCom inbox of tenant {}", tenant, e);
                return false;
            }
            log.warn(
                    "WeCom event {} of tenant {} failed (attempt {}): {}",
                    claimed[0].id(),
                    tenant,
                    claimed[0].attempts() + 1,
                    e.toString());
            transactions.executeWithoutResult(
                    status -> inbox.attemptFailed(tenant, claimed[0], e.toString(), clock.instant()));
            return true;
        }
    }

    @Override
    public void destroy() throws InterruptedException {
        executor.shutdown();
        executor.awaitTermination(10, TimeUnit.SECONDS);
    }
}
