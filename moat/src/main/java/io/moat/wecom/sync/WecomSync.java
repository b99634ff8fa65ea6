package io.moat.wecom.sync;

import io.moat.shared.Problem;
import io.moat.shared.TenantId;
import io.moat.shared.context.CallContext;
import io.moat.wecom.ContactRefreshed;
import io.moat.wecom.ContactsRefreshed;
import io.moat.wecom.callback.ContactRefreshes;
import io.moat.wecom.client.WecomApi;
import io.moat.wecom.client.WecomClients;
import io.moat.wecom.client.WecomRecords.Contact;
import io.moat.wecom.client.WecomRecords.ContactPage;
import io.moat.wecom.client.WecomRecords.Department;
import io.moat.wecom.client.WecomRecords.GroupPage;
import io.moat.wecom.client.WecomRecords.GroupRef;
import io.moat.wecom.client.WecomRecords.Staff;
import io.moat.workspace.WorkspaceDirectory;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpStatus;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Copies everything WeCom knows into the mirror: departments, staff, corp tags, every customer with its follow
 * relations (batch/get_by_user, 100 staff and 100 customers a page, following cursors), and every group with its
 * members. Each page commits on its own and every write is an upsert, so a run that stops part-way loses nothing
 * and the next run simply goes over the same ground. A full listing also repairs drift: relations and groups the
 * listing no longer returns were deleted while their callbacks went missing, and are closed. The nightly
 * reconciliation is such a run for every configured workspace.
 */
@Service
public class WecomSync implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(WecomSync.class);

    private final WecomClients clients;
    private final Mirror mirror;
    private final SyncRuns runs;
    private final WorkspaceDirectory directory;
    private final TransactionTemplate transactions;
    private final ApplicationEventPublisher events;
    private final ContactRefreshes refreshes;
    private final Clock clock;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    WecomSync(
            WecomClients clients,
            Mirror mirror,
            SyncRuns runs,
            WorkspaceDirectory directory,
            TransactionTemplate transactions,
            ApplicationEventPublisher events,
            ContactRefreshes refreshes,
            Clock clock) {
        this.clients = clients;
        this.mirror = mirror;
        this.runs = runs;
        this.directory = directory;
        this.transactions = transactions;
        this.events = events;
        this.refreshes = refreshes;
        this.clock = clock;
    }

    /** Starts a run in the background and returns its id; 409 while another runs. Call in the tenant's scope. */
    public long start(TenantId tenant, String kind) {
        WecomApi api = clients.forTenant(tenant)
                .orElseThrow(() -> new Problem(
                        HttpStatus.CONFLICT, "wecom-not-configured", "Configure WeCom for this workspace first."));
        long id = transactions.execute(status -> runs.start(tenant, kind));
        CallContext context = CallContext.forTenant(tenant, "wecom-sync");
        executor.submit(() -> context.run(() -> run(tenant, id, api)));
        return id;
    }

    /** Runs synchronously; for the nightly reconciliation and tests. */
    public void runNow(TenantId tenant, String kind) {
        CallContext.forTenant(tenant, "wecom-sync")
                .run(() -> clients.forTenant(tenant).ifPresent(api -> {
                    long id = transactions.execute(status -> runs.start(tenant, kind));
                    run(tenant, id, api);
                }));
    }

    @Scheduled(cron = "${moat.wecom.reconcile-cron:0 30 3 * * *}")
    void reconcileAll() {
        for (var workspace : directory.all()) {
            try {
                runNow(workspace.tenant(), "reconcile");
            } catch (RuntimeException e) {
                log.warn("Nightly WeCom reconciliation of {} did not run: {}", workspace.slug(), e.getMessage());
            }
        }
    }

    @EventListener(ApplicationReadyEvent.class)
    void closeAbandonedRuns() {
        for (var workspace : directory.all()) {
            CallContext.forTenant(workspace.tenant(), "wecom-sync")
                    .run(() -> transactions.executeWithoutResult(status -> runs.abandonRunning(workspace.tenant())));
        }
    }

    private void run(TenantId tenant, long id, WecomApi api) {
        Instant start = clock.instant();
        Map<String, Long> counts = new LinkedHashMap<>();
        try {
            List<String> staff = departmentsAndStaff(tenant, id, api, counts);
            phase(tenant, id, "tags", counts);
            var tags = api.corpTags();
            write(() -> mirror.corpTags(tenant, tags, clock.instant()));
            counts.put("tags", (long) tags.size());
            phase(tenant, id, "customers", counts);
            List<String> followers = api.followUsers();
            customers(tenant, id, api, followers.isEmpty() ? staff : followers, counts);
            phase(tenant, id, "groups", counts);
            groups(tenant, id, api, counts);
            write(() -> {
                counts.put("followsClosed", (long) mirror.followsNotSeenSince(tenant, start, clock.instant()));
                counts.put("groupsClosed", (long) mirror.groupsNotSeenSince(tenant, start, clock.instant()));
            });
            write(() -> runs.finish(tenant, id, counts, null));
            log.info("WeCom sync {} of tenant {} finished: {}", id, tenant, counts);
        } catch (RuntimeException e) {
            log.warn("WeCom sync {} of tenant {} failed: {}", id, tenant, e.toString());
            write(() -> runs.finish(tenant, id, counts, e.getMessage() == null ? e.toString() : e.getMessage()));
        }
    }

    private List<String> departmentsAndStaff(TenantId tenant, long id, WecomApi api, Map<String, Long> counts) {
        List<Department> departments = api.departments();
        write(() -> departments.forEach(d -> mirror.department(tenant, d, clock.instant())));
        counts.put("departments", (long) departments.size());
        phase(tenant, id, "staff", counts);
        List<String> userIds = new ArrayList<>();
        departments.stream()
                .filter(d -> d.parentId() == null || d.parentId() == 0)
                .forEach(root -> {
                    List<Staff> staff = api.staffOf(root.id());
                    write(() -> staff.forEach(s -> mirror.staff(tenant, s, clock.instant())));
                    staff.forEach(s -> userIds.add(s.userId()));
                });
        counts.put("staff", (long) userIds.size());
        return userIds;
    }

    private void customers(TenantId tenant, long id, WecomApi api, List<String> staff, Map<String, Long> counts) {
        long follows = 0;
        java.util.Set<String> customers = new java.util.HashSet<>();
        for (int from = 0; from < staff.size(); from += 100) {
            List<String> batch = staff.subList(from, Math.min(staff.size(), from + 100));
            ContactPage page = api.contactsOf(batch, null);
            while (true) {
                // WeCom fetches the next page while this one is written and projected: the two overlap instead of
                // taking turns (the cursor of the next page is known as soon as this page has arrived)
                Future<ContactPage> following = page.nextCursor() == null ? null : prefetch(tenant, api, batch, page);
                ContactPage current = page;
                write(() -> {
                    Instant now = clock.instant();
                    mirror.contacts(tenant, current.contacts(), now);
                    List<ContactRefreshed> refreshed = new ArrayList<>();
                    current.contacts().forEach(c -> refreshed.add(refreshes.of(tenant, c, now)));
                    // one event a page: the profiles are projected a page per transaction, not one per customer
                    events.publishEvent(new ContactsRefreshed(tenant, refreshed));
                });
                follows += page.contacts().size();
                page.contacts().stream().map(Contact::externalUserId).forEach(customers::add);
                counts.put("customers", (long) customers.size());
                counts.put("follows", follows);
                phase(tenant, id, "customers", counts);
                if (following == null) {
                    break;
                }
                page = next(following);
            }
        }
    }

    private Future<ContactPage> prefetch(TenantId tenant, WecomApi api, List<String> staff, ContactPage page) {
        String cursor = page.nextCursor();
        CallContext context = CallContext.forTenant(tenant, "wecom-sync");
        return executor.submit(() -> context.call(() -> api.contactsOf(staff, cursor)));
    }

    private static ContactPage next(Future<ContactPage> following) {
        try {
            return following.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("the sync was interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : new IllegalStateException(e.getCause());
        }
    }

    private void groups(TenantId tenant, long id, WecomApi api, Map<String, Long> counts) {
        long groups = 0;
        long members = 0;
        String cursor = null;
        do {
            GroupPage page = api.groups(cursor);
            for (GroupRef ref : page.groups()) {
                var group = api.group(ref.chatId());
                write(() -> mirror.group(tenant, group, clock.instant()));
                groups++;
                members += group.members().size();
            }
            counts.put("groups", groups);
            counts.put("members", members);
            phase(tenant, id, "groups", counts);
            cursor = page.nextCursor();
        } while (cursor != null);
    }

    private void phase(TenantId tenant, long id, String phase, Map<String, Long> counts) {
        write(() -> runs.progress(tenant, id, phase, counts));
    }

    private void write(Runnable work) {
        transactions.executeWithoutResult(status -> work.run());
    }

    @Override
    public void destroy() throws InterruptedException {
        executor.shutdownNow();
        executor.awaitTermination(10, TimeUnit.SECONDS);
    }
}
