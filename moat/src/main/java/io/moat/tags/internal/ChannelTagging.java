package io.moat.tags.internal;

import io.moat.shared.TenantId;
import io.moat.shared.context.CallContext;
import io.moat.tags.internal.TagLibrary.TagRef;
import io.moat.wecom.CustomerAdded;
import io.moat.wecom.WecomTags;
import io.moat.workspace.WorkspaceDirectory;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A customer who adds a staff member through a channel code gets the channel's tags (source {@code channel}):
 * synced ones are marked in WeCom on that one relation, then all are recorded on the profile. WeCom's part is
 * best effort (a refusal is logged and the synced tags are not recorded); the local part is idempotent. If the
 * profile does not exist yet, the tags are held and settled when it does: retried shortly, and swept every minute.
 */
@Component
class ChannelTagging implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ChannelTagging.class);
    private static final int RETRIES = 8;

    private final ChannelTags channels;
    private final ChannelArrivals arrivals;
    private final WecomTags wecom;
    private final WorkspaceDirectory directory;
    private final TransactionTemplate transactions;
    private final Set<TenantId> unsettled = ConcurrentHashMap.newKeySet();
    private final ExecutorService retries = Executors.newVirtualThreadPerTaskExecutor();

    ChannelTagging(
            ChannelTags channels,
            ChannelArrivals arrivals,
            WecomTags wecom,
            WorkspaceDirectory directory,
            PlatformTransactionManager transactions) {
        this.channels = channels;
        this.arrivals = arrivals;
        this.wecom = wecom;
        this.directory = directory;
        this.transactions = new TransactionTemplate(transactions);
        this.transactions.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    @TransactionalEventListener
    void on(CustomerAdded added) {
        String state = added.state();
        if (state == null || state.isBlank()) {
            return;
        }
        TenantId tenant = added.tenant();
        CallContext.forTenant(tenant, "channel-tags").run(() -> {
            List<TagRef> tags =
                    Objects.requireNonNull(transactions.execute(status -> channels.forState(tenant, state)));
            if (tags.isEmpty()) {
                return;
            }
            boolean marked = mark(tenant, added, tags);
            List<Long> ids = tags.stream()
                    .filter(tag -> marked || !tag.synced())
                    .map(TagRef::id)
                    .toList();
            transactions.executeWithoutResult(
                    status -> arrivals.hold(tenant, added.externalUserId(), ids, state, added.at()));
            if (!settle(tenant, added.externalUserId())) {
                unsettled.add(tenant);
                retries.submit(() -> CallContext.forTenant(tenant, "channel-tags")
                        .run(() -> settleLater(tenant, added.externalUserId())));
            }
        });
    }

    @EventListener(ApplicationReadyEvent.class)
    void findUnsettled() {
        for (var workspace : directory.all()) {
            sweep(workspace.tenant(), true);
        }
    }

    @Scheduled(fixedDelayString = "${moat.tags.channel-sweep-interval:60s}", initialDelayString = "60s")
    void sweep() {
        for (TenantId tenant : List.copyOf(unsettled)) {
            sweep(tenant, false);
        }
    }

    private void sweep(TenantId tenant, boolean discover) {
        CallContext.forTenant(tenant, "channel-tags").run(() -> {
            List<String> waiting = Objects.requireNonNull(transactions.execute(status -> arrivals.unsettled(tenant)));
            boolean left =
                    waiting.stream().map(id -> settle(tenant, id)).toList().contains(false);
            if (left && discover) {
                unsettled.add(tenant);
            } else if (!left) {
                unsettled.remove(tenant);
            }
        });
    }

    private boolean mark(TenantId tenant, CustomerAdded added, List<TagRef> tags) {
        List<String> synced =
                tags.stream().filter(TagRef::synced).map(TagRef::wecomTagId).toList();
        if (synced.isEmpty()) {
            return true;
        }
        try {
            wecom.mark(tenant, added.staffUserId(), added.externalUserId(), synced, List.of());
            return true;
        } catch (RuntimeException e) {
            log.warn(
                    "Channel tags for {} via {} not marked in WeCom: {}",
                    added.externalUserId(),
                    added.state(),
                    e.getMessage());
            return false;
        }
    }

    private boolean settle(TenantId tenant, String externalUserId) {
        return Boolean.TRUE.equals(transactions.execute(status -> arrivals.settle(tenant, externalUserId)));
    }

    private void settleLater(TenantId tenant, String externalUserId) {
        for (int attempt = 0; attempt < RETRIES; attempt++) {
            try {
                Thread.sleep(Duration.ofMillis(50L << attempt));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (settle(tenant, externalUserId)) {
                return;
            }
        }
    }

    @Override
    public void destroy() {
        retries.shutdownNow();
    }
}
