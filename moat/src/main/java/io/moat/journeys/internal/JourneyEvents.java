package io.moat.journeys.internal;

import io.moat.audiences.SegmentEntered;
import io.moat.audiences.SegmentExited;
import io.moat.customers.CustomerAttributes;
import io.moat.customers.CustomerFactsChanged;
import io.moat.customers.CustomerId;
import io.moat.customers.CustomerLookup;
import io.moat.journeys.definition.JourneyEvent;
import io.moat.journeys.definition.Trigger;
import io.moat.journeys.internal.TriggerIntake.Who;
import io.moat.shared.TenantId;
import io.moat.shared.context.CallContext;
import io.moat.shared.schedule.Schedule;
import io.moat.tags.CustomerTagsChanged;
import io.moat.wecom.CustomerAdded;
import io.moat.wecom.MembersJoined;
import io.moat.wecom.MembersLeft;
import io.moat.wecom.StaffDeletedByCustomer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What happens to customers elsewhere, as journeys see it, after the other module's transaction commits: triggers
 * that match an active journey become enrolments (through {@link TriggerIntake}'s durable rows), and events end
 * enrolments whose exit criteria they meet (a conversion) or wake enrolments waiting for them. Each runs in a
 * transaction of its own in the event's workspace, except segment moves, which join the transaction that publishes
 * them.
 */
@Component
class JourneyEvents {

    /** A paid order older than this when journeys hear of it (an import of history) enrols nobody. */
    static final Duration FRESH_ORDER = Duration.ofDays(2);

    private final JourneyStore store;
    private final Definitions definitions;
    private final TriggerIntake intake;
    private final Enrolments enrolments;
    private final Advancing advancing;
    private final Schedule schedule;
    private final CustomerLookup lookup;
    private final CustomerAttributes attributes;
    private final TagWatch tags;
    private final SplitMembers splits;
    private final TransactionTemplate transactions;
    private final Clock clock;

    /** Where a transaction keeps the live journeys it read, by tenant and trigger type. */
    private static final Object LIVE_READ = new Object();

    JourneyEvents(
            JourneyStore store,
            Definitions definitions,
            TriggerIntake intake,
            Enrolments enrolments,
            Advancing advancing,
            Schedule schedule,
            CustomerLookup lookup,
            CustomerAttributes attributes,
            TagWatch tags,
            SplitMembers splits,
            PlatformTransactionManager transactions,
            Clock clock) {
        this.store = store;
        this.definitions = definitions;
        this.intake = intake;
        this.enrolments = enrolments;
        this.advancing = advancing;
        this.schedule = schedule;
        this.lookup = lookup;
        this.attributes = attributes;
        this.tags = tags;
        this.splits = splits;
        this.transactions = new TransactionTemplate(transactions);
        this.transactions.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.clock = clock;
    }

    @TransactionalEventListener
    void on(CustomerAdded added) {
        String ref = "added:" + added.externalUserId() + ":" + added.staffUserId() + ":"
                + added.at().toEpochMilli();
        inTenant(
                added.tenant(),
                () -> trigger(
                        added.tenant(),
                        "customerAdded",
                        t -> ((Trigger.CustomerAdded) t).channels().isEmpty()
                                || ((Trigger.CustomerAdded) t).channels().contains(added.state()),
                        Who.wecom(added.externalUserId()),
                        ref,
                        added.at()));
    }

    @TransactionalEventListener
    void on(MembersJoined joined) {
        inTenant(joined.tenant(), () -> {
            for (String member : joined.memberIds()) {
                lookup.byExternalUserId(joined.tenant(), member).ifPresent(customer -> {
                    trigger(
                            joined.tenant(),
                            "joinedGroup",
                            t -> inChats(((Trigger.JoinedGroup) t).chatIds(), joined.chatId()),
                            Who.customer(customer),
                            "joined:" + joined.chatId() + ":" + customer.value() + ":"
                                    + joined.at().toEpochMilli(),
                            joined.at());
                    happened(joined.tenant(), customer, JourneyEvent.JOINED_GROUP, joined.at());
                });
            }
        });
    }

    @TransactionalEventListener
    void on(MembersLeft left) {
        inTenant(left.tenant(), () -> {
            for (String member : left.memberIds()) {
                lookup.byExternalUserId(left.tenant(), member).ifPresent(customer -> {
                    trigger(
                            left.tenant(),
                            "leftGroup",
                            t -> inChats(((Trigger.LeftGroup) t).chatIds(), left.chatId()),
                            Who.customer(customer),
                            "left:" + left.chatId() + ":" + customer.value() + ":"
                                    + left.at().toEpochMilli(),
                            left.at());
                    happened(left.tenant(), customer, JourneyEvent.LEFT_GROUP, left.at());
                });
            }
        });
    }

    @TransactionalEventListener
    void on(StaffDeletedByCustomer deleted) {
        inTenant(deleted.tenant(), () -> lookup.byExternalUserId(deleted.tenant(), deleted.externalUserId())
                .ifPresent(customer -> happened(deleted.tenant(), customer, JourneyEvent.REMOVED_STAFF, deleted.at())));
    }

    /**
     * Segment moves arrive inside audiences' transaction that marks them published (2,000 to a transaction), so the
     * enrolments they trigger commit with that mark or not at all: a crash cannot publish a move and lose its
     * enrolment. The live journeys are read once per such transaction.
     */
    @EventListener
    void on(SegmentEntered entered) {
        triggerInThisTransaction(
                entered.tenant(),
                "segmentEntered",
                t -> ((Trigger.SegmentEntered) t).segmentId() == entered.segmentId(),
                Who.customer(entered.customer()),
                "segment-in:" + entered.segmentId() + ":" + entered.customer().value() + ":"
                        + entered.at().toEpochMilli(),
                entered.at());
    }

    @EventListener
    void on(SegmentExited exited) {
        triggerInThisTransaction(
                exited.tenant(),
                "segmentExited",
                t -> ((Trigger.SegmentExited) t).segmentId() == exited.segmentId(),
                Who.customer(exited.customer()),
                "segment-out:" + exited.segmentId() + ":" + exited.customer().value() + ":"
                        + exited.at().toEpochMilli(),
                exited.at());
    }

    /**
     * Some customers' tags changed: the watched tags that came or went (see {@link TagWatch}) trigger the journeys
     * waiting for that tag's assignment or removal.
     */
    @TransactionalEventListener
    void on(CustomerTagsChanged changed) {
        inTenant(changed.tenant(), () -> {
            Map<Long, List<JourneyStore.Live>> assigned = watching(changed.tenant(), "tagAssigned");
            Map<Long, List<JourneyStore.Live>> removed = watching(changed.tenant(), "tagRemoved");
            Set<Long> watched = new HashSet<>(assigned.keySet());
            watched.addAll(removed.keySet());
            Instant now = clock.instant();
            for (TagWatch.Change change : tags.changes(changed.tenant(), changed.customers(), watched)) {
                var journeys = (change.assigned() ? assigned : removed).getOrDefault(change.tagId(), List.of());
                String ref = (change.assigned() ? "tag+:" : "tag-:") + change.tagId() + ":"
                        + change.customer().value() + ":" + now.toEpochMilli();
                for (JourneyStore.Live live : journeys) {
                    intake.submit(live, Who.customer(change.customer()), ref, now);
                }
            }
        });
    }

    /** The live journeys of a tag trigger kind, by the tag they wait for. */
    private Map<Long, List<JourneyStore.Live>> watching(TenantId tenant, String type) {
        Map<Long, List<JourneyStore.Live>> byTag = new HashMap<>();
        for (JourneyStore.Live live : store.live(tenant, type)) {
            long tag =
                    switch (definitions
                            .version(tenant, live.journeyId(), live.version())
                            .definition()
                            .trigger()) {
                        case Trigger.TagAssigned t -> t.tagId();
                        case Trigger.TagRemoved t -> t.tagId();
                        default -> 0L;
                    };
            byTag.computeIfAbsent(tag, t -> new ArrayList<>()).add(live);
        }
        return byTag;
    }

    /** Recomputed values show a new paid order as a later last-order time: that is the order-paid trigger. */
    @TransactionalEventListener
    void on(CustomerFactsChanged changed) {
        if (changed.everyone() || changed.customers().isEmpty()) {
            return;
        }
        inTenant(changed.tenant(), () -> {
            Instant freshSince = clock.instant().minus(FRESH_ORDER);
            for (var customer : attributes.of(changed.tenant(), changed.customers())) {
                Instant paid = customer.lastOrderAt();
                if (paid == null || paid.isBefore(freshSince)) {
                    continue;
                }
                List<CustomerLookup.Bought> lines = new ArrayList<>();
                trigger(
                        changed.tenant(),
                        "orderPaid",
                        t -> contains(
                                (Trigger.OrderPaid) t,
                                lines,
                                () -> orderLines(changed.tenant(), customer.customer(), paid)),
                        Who.customer(customer.customer()),
                        "order:" + customer.customer().value() + ":" + paid.toEpochMilli(),
                        paid);
                happened(changed.tenant(), customer.customer(), JourneyEvent.ORDER_PAID, paid);
                splits.ordered(changed.tenant(), customer.customer(), paid);
            }
        });
    }

    private void trigger(TenantId tenant, String type, Predicate<Trigger> matches, Who who, String ref, Instant at) {
        submit(tenant, store.live(tenant, type), matches, who, ref, at);
    }

    private void triggerInThisTransaction(
            TenantId tenant, String type, Predicate<Trigger> matches, Who who, String ref, Instant at) {
        @SuppressWarnings("unchecked")
        var read = (Map<String, List<JourneyStore.Live>>) TransactionSynchronizationManager.getResource(LIVE_READ);
        if (read == null) {
            Map<String, List<JourneyStore.Live>> fresh = new HashMap<>();
            TransactionSynchronizationManager.bindResource(LIVE_READ, fresh);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(LIVE_READ);
                }
            });
            read = fresh;
        }
        var live = read.computeIfAbsent(tenant.value() + "/" + type, key -> store.live(tenant, type));
        submit(tenant, live, matches, who, ref, at);
    }

    private void submit(
            TenantId tenant,
            List<JourneyStore.Live> journeys,
            Predicate<Trigger> matches,
            Who who,
            String ref,
            Instant at) {
        for (JourneyStore.Live live : journeys) {
            Trigger trigger = definitions
                    .version(tenant, live.journeyId(), live.version())
                    .definition()
                    .trigger();
            if (matches.test(trigger)) {
                intake.submit(live, who, ref, at);
            }
        }
    }

    /** Ends the customer's enrolments that exit on this event; wakes those waiting for it. */
    void happened(TenantId tenant, CustomerId customer, JourneyEvent event, Instant at) {
        for (Enrolment enrolment : enrolments.lockOpen(tenant, customer)) {
            if (event == JourneyEvent.ORDER_PAID && !at.isAfter(enrolment.enteredAt())) {
                continue; // the order that enrolled them, or an older one
            }
            var definition = advancing.version(enrolment).definition();
            if (definition.exitOn().contains(event)) {
                advancing.end(enrolment, true, event.code());
            } else if (enrolment.state().equals("waiting") && event.code().equals(enrolment.awaiting())) {
                schedule.cancel(Advancing.WAKE, Advancing.wakeKey(enrolment.id(), enrolment.seq()));
                advancing.wake(enrolment, io.moat.journeys.run.StepMachine.Wake.EVENT, at);
            }
        }
    }

    /** The lines of the customer's order paid at {@code paid} (orders paid in the same second count together). */
    private List<CustomerLookup.Bought> orderLines(TenantId tenant, CustomerId customer, Instant paid) {
        return lookup.facts(tenant, List.of(customer)).stream()
                .flatMap(f -> f.items().stream())
                .filter(item -> item.paidAt().getEpochSecond() == paid.getEpochSecond())
                .toList();
    }

    /**
     * Whether an order-paid trigger takes this order: always without SKU and category filters, else when a line has
     * one of the SKUs or categories. The lines are read once, for the first trigger that filters.
     */
    private static boolean contains(
            Trigger.OrderPaid trigger, List<CustomerLookup.Bought> lines, Supplier<List<CustomerLookup.Bought>> read) {
        if (trigger.skus().isEmpty() && trigger.categories().isEmpty()) {
            return true;
        }
        if (lines.isEmpty()) {
            lines.addAll(read.get());
        }
        return lines.stream()
                .anyMatch(line -> (line.sku() != null && trigger.skus().contains(line.sku()))
                        || (line.category() != null && trigger.categories().contains(line.category())));
    }

    private static boolean inChats(List<String> chats, String chat) {
        return chats.isEmpty() || chats.contains(chat);
    }

    private void inTenant(TenantId tenant, Runnable work) {
        CallContext.forTenant(tenant, "journeys").run(() -> transactions.executeWithoutResult(status -> work.run()));
    }
}
