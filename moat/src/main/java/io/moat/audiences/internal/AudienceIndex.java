package io.moat.audiences.internal;

import io.moat.audiences.AudienceCondition.ActivityKind;
import io.moat.customers.CustomerFactsChanged;
import io.moat.customers.CustomerFieldsChanged;
import io.moat.customers.CustomerId;
import io.moat.customers.CustomerRegistered;
import io.moat.customers.CustomersMerged;
import io.moat.shared.Problem;
import io.moat.shared.TenantId;
import io.moat.shared.context.CallContext;
import io.moat.tags.CustomerTagsChanged;
import io.moat.tags.TagsDeleted;
import io.moat.workspace.WorkspaceDeleted;
import io.moat.workspace.WorkspaceDirectory;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The audience indexes of all workspaces, in memory. Each is built from the database when first needed (and for
 * every workspace right after start-up), then kept current by the events of the modules that own the facts: a
 * customer registered, merged, their values, relations, consent or tags changed, tags deleted. An event names
 * customers; the index re-reads exactly those and replaces what it knew of them, so replays are harmless.
 */
@Component
public class AudienceIndex {

    private static final Logger log = LoggerFactory.getLogger(AudienceIndex.class);

    private final ConcurrentHashMap<TenantId, TenantIndex> indexes = new ConcurrentHashMap<>();
    private final IndexLoader loader;
    private final WorkspaceDirectory directory;
    private final TransactionTemplate transactions;
    private final List<Consumer<TenantId>> changeListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    AudienceIndex(IndexLoader loader, WorkspaceDirectory directory, PlatformTransactionManager transactions) {
        this.loader = loader;
        this.directory = directory;
        // Listeners run after the publisher's commit; reads need a transaction of their own in the tenant's scope.
        this.transactions = new TransactionTemplate(transactions);
        this.transactions.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.transactions.setReadOnly(true);
    }

    /** The workspace's index, built first if this instance has none yet. */
    TenantIndex of(TenantId tenant) {
        return indexes.computeIfAbsent(tenant, this::build);
    }

    /** Called after an index changed, outside its lock (saved segments recompute their members). */
    void onChange(Consumer<TenantId> listener) {
        changeListeners.add(listener);
    }

    private TenantIndex build(TenantId tenant) {
        // The directory needs a transaction begun in its own scope: after a commit, the publisher's is still bound.
        List<WorkspaceDirectory.Entry> workspaces =
                CallContext.system().withDirectory().call(() -> transactions.execute(status -> directory.all()));
        ZoneId zone = workspaces.stream()
                .filter(entry -> entry.tenant().equals(tenant))
                .findFirst()
                .orElseThrow(() -> new Problem(HttpStatus.NOT_FOUND, "workspace-not-found", "No such workspace."))
                .timezone();
        TenantIndex index = new TenantIndex(zone);
        long started = System.nanoTime();
        inTenant(
                tenant,
                () -> index.write(() -> {
                    index.fieldTypes(loader.fieldTypes(tenant));
                    loader.all(tenant, index::put);
                }));
        log.info(
                "audience index of tenant {} built in {} ms",
                tenant.value(),
                (System.nanoTime() - started) / 1_000_000);
        return index;
    }

    /** Re-reads some customers: live ones are put in anew, the others taken out. */
    public void refresh(TenantId tenant, Collection<CustomerId> customers) {
        if (customers.isEmpty()) {
            return;
        }
        TenantIndex index = of(tenant);
        inTenant(tenant, () -> {
            List<CustomerEntry> entries = loader.some(tenant, customers);
            Map<String, String> types = loader.fieldTypes(tenant);
            index.write(() -> {
                index.fieldTypes(types);
                customers.forEach(c -> index.remove(c.value()));
                entries.forEach(index::put);
            });
        });
        changed(tenant);
    }

    /** Notes one customer's act without re-reading the customer (acts come in thousands: check-ins, enrolments). */
    void acted(TenantId tenant, CustomerId customer, ActivityKind kind, String ref, Instant at) {
        TenantIndex index = of(tenant);
        index.write(() -> index.acted(customer.value(), kind, ref, at.toEpochMilli()));
        changed(tenant);
    }

    /** Throws the workspace's index away and builds it anew. */
    public void rebuild(TenantId tenant) {
        indexes.remove(tenant);
        of(tenant);
        changed(tenant);
    }

    @EventListener(ApplicationReadyEvent.class)
    void buildAll() {
        Thread.ofVirtual()
                .name("audience-index-start")
                .start(() -> directory.all().forEach(entry -> {
                    try {
                        of(entry.tenant());
                    } catch (RuntimeException e) {
                        log.warn(
                                "audience index of tenant {} not built at start-up",
                                entry.tenant().value(),
                                e);
                    }
                }));
    }

    @TransactionalEventListener
    void on(CustomerRegistered registered) {
        refresh(registered.tenant(), List.of(registered.customer()));
    }

    @TransactionalEventListener
    void on(CustomersMerged merged) {
        refresh(merged.tenant(), List.of(merged.survivor(), merged.merged()));
    }

    @TransactionalEventListener
    void on(CustomerFactsChanged changed) {
        if (changed.everyone()) {
            rebuild(changed.tenant());
        } else {
            refresh(changed.tenant(), changed.customers());
        }
    }

    @TransactionalEventListener
    void on(CustomerFieldsChanged changed) {
        if (changed.everyone()) {
            rebuild(changed.tenant());
        } else {
            refresh(changed.tenant(), changed.customers());
        }
    }

    @TransactionalEventListener
    void on(CustomerTagsChanged changed) {
        refresh(changed.tenant(), changed.customers());
    }

    @TransactionalEventListener
    void on(TagsDeleted deleted) {
        TenantIndex index = of(deleted.tenant());
        index.write(() -> index.dropTags(deleted.tagIds()));
        changed(deleted.tenant());
    }

    @TransactionalEventListener
    void on(WorkspaceDeleted deleted) {
        indexes.remove(deleted.tenant());
    }

    private void changed(TenantId tenant) {
        changeListeners.forEach(listener -> listener.accept(tenant));
    }

    private void inTenant(TenantId tenant, Runnable work) {
        CallContext.forTenant(tenant, "audiences").run(() -> transactions.executeWithoutResult(status -> work.run()));
    }
}
