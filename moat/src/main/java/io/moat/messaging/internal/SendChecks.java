package io.moat.messaging.internal;

import io.moat.customers.CustomerConsent;
import io.moat.customers.CustomerId;
import io.moat.customers.CustomerLookup;
import io.moat.messaging.Channel;
import io.moat.messaging.SendReasons;
import io.moat.messaging.SendState;
import io.moat.shared.TenantId;
import io.moat.shared.database.TransactionScoped;
import io.moat.shared.schedule.DueWork;
import io.moat.shared.schedule.DueWorkHandler;
import io.moat.shared.schedule.Outcome;
import io.moat.wecom.WecomMassMessages;
import io.moat.workspace.WorkspaceDirectory;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The checks a send passes before it may go out, run when it is due: consent, a staff member who still follows the
 * customer, quiet hours (hold until the window opens; skip only past the hold limit), brand caps and WeCom's receive
 * quota. A send that passes takes its place in the counts and is queued for its staff member's next task; a welcome
 * goes out at once.
 */
@Component
class SendChecks implements DueWorkHandler {

    static final String KIND = "messaging.send";
    /** How long a send waits when another worker holds its recipient (see {@link ReceiveLimits#lock}). */
    static final Duration RECIPIENT_BUSY = Duration.ofSeconds(1);

    private final JdbcClient jdbc;
    private final SendLog log;
    private final CustomerLookup customers;
    private final CustomerConsent consent;
    private final Policies policies;
    private final WorkspaceDirectory zones;
    private final ReceiveLimits limits;
    private final StaffBatching batching;
    private final WecomMassMessages wecom;
    private final CallIntents intents;
    private final MessagingProperties properties;
    /** The batches a transaction has read (see {@link Batch}). */
    private final TransactionScoped<Map<TenantId, Batch>> batchesInTransaction = new TransactionScoped<>(HashMap::new);

    SendChecks(
            JdbcClient jdbc,
            SendLog log,
            CustomerLookup customers,
            CustomerConsent consent,
            Policies policies,
            WorkspaceDirectory zones,
            ReceiveLimits limits,
            StaffBatching batching,
            WecomMassMessages wecom,
            CallIntents intents,
            MessagingProperties properties) {
        this.jdbc = jdbc;
        this.log = log;
        this.customers = customers;
        this.consent = consent;
        this.policies = policies;
        this.zones = zones;
        this.limits = limits;
        this.batching = batching;
        this.wecom = wecom;
        this.intents = intents;
        this.properties = properties;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public int lanes() {
        return properties.checkLanes();
    }

    @Override
    public Outcome handle(DueWork work) {
        TenantId tenant = work.tenant();
        long id = Long.parseLong(work.key().substring("send/".length()));
        Batch batch = batch(work, id);
        PendingSend send = batch != null ? batch.sends.remove(id) : PendingSend.lock(jdbc, tenant.value(), id);
        if (send == null || (send.state() != SendState.PENDING && send.state() != SendState.HELD)) {
            return Outcome.done();
        }
        Instant now = work.now();
        if (send.channel() == Channel.WELCOME) {
            return welcome(tenant, send, now);
        }
        String recipient;
        String staff;
        if (send.channel() == Channel.GROUP) {
            recipient = send.chatId();
            staff = send.staffUserId();
        } else {
            CustomerId customer = new CustomerId(send.customerId());
            boolean optedOut = batch != null
                    ? batch.optedOut.contains(customer)
                    : !consent.optedOut(tenant, List.of(customer)).isEmpty();
            if (optedOut) {
                return skip(tenant, send, SendReasons.OPTED_OUT, now);
            }
            CustomerLookup.Reach reach = batch != null
                    ? batch.reach.get(customer)
                    : customers.reach(tenant, List.of(customer)).get(customer);
            staff = reach == null ? null : sender(reach.activeStaff(), send);
            if (reach == null || reach.externalUserId() == null || staff == null) {
                return skip(tenant, send, SendReasons.NOT_A_FRIEND, now);
            }
            recipient = reach.externalUserId();
        }
        MessagingPolicy policy = policies.of(tenant);
        ZoneId zone = zones.zoneOf(tenant);
        Instant quietUntil = policy.quietUntil(now, zone);
        if (quietUntil != null) {
            if (quietUntil.isAfter(send.holdUntil())) {
                return skip(tenant, send, SendReasons.QUIET_HOURS_EXPIRED, now);
            }
            jdbc.sql("update messaging.send set state = 'held' where tenant_id = ? and id = ?")
                    .params(tenant.value(), id)
                    .update();
            return Outcome.later(quietUntil);
        }
        if (!limits.lock(tenant, recipient)) {
            // another worker is checking a send to this recipient right now; this one is checked again shortly
            return Outcome.later(now.plus(RECIPIENT_BUSY));
        }
        String refusal = limits.refusal(tenant, send.channel() == Channel.GROUP, recipient, send, policy, zone, now);
        if (refusal != null) {
            return skip(tenant, send, refusal, now);
        }
        jdbc.sql("""
                        update messaging.send set state = 'queued', counted_at = ?, staff_user_id = ?,
                            external_user_id = ?
                        where tenant_id = ? and id = ?
                        """)
                .params(SendLog.utc(now), staff, send.channel() == Channel.GROUP ? null : recipient, tenant.value(), id)
                .update();
        batching.expect(staff, now);
        return Outcome.done();
    }

    /**
     * What a batch's checks read about all of its sends at once: the sends themselves (locked), which of their
     * customers opted out and how each is reached. The schedule runs a batch's rows one by one in one transaction;
     * read send by send, those are three round trips to the database per send, and at 100,000 sends due the round
     * trips, not the work in them, set the pace (a loaded machine makes each one wait for a CPU twice). Read when the
     * transaction checks its first send of a workspace: its rows are the ones leased with this row's lease (same owner,
     * same moment), so this is exactly the batch. Kept for the transaction only; a send is taken out when checked.
     */
    private static final class Batch {
        final Map<Long, PendingSend> sends;
        final Set<CustomerId> optedOut;
        final Map<CustomerId, CustomerLookup.Reach> reach;

        Batch(Map<Long, PendingSend> sends, Set<CustomerId> optedOut, Map<CustomerId, CustomerLookup.Reach> reach) {
            this.sends = sends;
            this.optedOut = optedOut;
            this.reach = reach;
        }
    }

    /** The batch {@code id} belongs to, read once per transaction and workspace; null outside a transaction. */
    private @Nullable Batch batch(DueWork work, long id) {
        Map<TenantId, Batch> batches = batchesInTransaction.get();
        if (batches == null) {
            return null;
        }
        Batch batch = batches.get(work.tenant());
        if (batch == null || !batch.sends.containsKey(id)) {
            // first send of this workspace in the transaction (or one the read missed: read again, for it at least)
            batch = read(work, id);
            batches.put(work.tenant(), batch);
        }
        return batch;
    }

    private Batch read(DueWork work, long id) {
        long tenant = work.tenant().value();
        // the sends of the rows leased together with this one, and this one in any case; locked in id order, as
        // every batch locks its own sends (no two batches share a send: a send has one row of checks)
        Map<Long, PendingSend> sends = new LinkedHashMap<>();
        for (PendingSend send :
                PendingSend.lockAll(jdbc, tenant, """
                select cast(d.payload ->> 'send' as bigint) from shared.due_work d
                join shared.due_work mine on mine.tenant_id = d.tenant_id and mine.id = :row
                where d.tenant_id = :tenant and d.kind = :kind and d.state = 'due'
                  and d.lease_owner = mine.lease_owner and d.lease_until = mine.lease_until
                union select cast(:send as bigint)
                """, Map.of("row", work.id(), "kind", KIND, "send", id))) {
            sends.put(send.id(), send);
        }
        List<CustomerId> ids = sends.values().stream()
                .filter(s -> s.customerId() != null)
                .map(s -> new CustomerId(s.customerId()))
                .distinct()
                .toList();
        return new Batch(
                sends,
                ids.isEmpty() ? Set.of() : consent.optedOut(work.tenant(), ids),
                ids.isEmpty() ? Map.of() : customers.reach(work.tenant(), ids));
    }

    /** The preferred member if they still follow the customer and were not tried, else the first who was not. */
    private static @Nullable String sender(List<String> activeStaff, PendingSend send) {
        Set<String> tried = Set.copyOf(send.triedStaff());
        if (send.staffUserId() != null
                && activeStaff.contains(send.staffUserId())
                && !tried.contains(send.staffUserId())) {
            return send.staffUserId();
        }
        return activeStaff.stream().filter(s -> !tried.contains(s)).findFirst().orElse(null);
    }

    private Outcome welcome(TenantId tenant, PendingSend send, Instant now) {
        CustomerId customer = new CustomerId(send.customerId());
        if (!consent.optedOut(tenant, List.of(customer)).isEmpty()) {
            return skip(tenant, send, SendReasons.OPTED_OUT, now);
        }
        if (!wecom.configured(tenant)) {
            log.settle(tenant, List.of(send.id()), SendState.FAILED, SendReasons.WECOM_NOT_CONFIGURED, now);
            return Outcome.done();
        }
        // A welcome code works once; this check runs in a batch whose transaction may roll back after WeCom took
        // the code. The intent, committed first, tells a later attempt that a "code already used" answer is ours.
        String subject = "welcome/" + send.id();
        boolean calledBefore = intents.announced(tenant, subject);
        try {
            intents.announce(tenant, subject, now);
            wecom.welcome(tenant, send.welcomeCode(), send.body());
            log.settle(tenant, List.of(send.id()), SendState.SENT, null, now);
        } catch (WecomMassMessages.Refused refused) {
            if (calledBefore && refused.errcode() == 41051) {
                log.settle(tenant, List.of(send.id()), SendState.SENT, null, now);
                return Outcome.done();
            }
            String reason = refused.errcode() == 41050 || refused.errcode() == 41051
                    ? SendReasons.WELCOME_CODE_EXPIRED
                    : SendReasons.wecomRefused(refused.errcode());
            log.settle(tenant, List.of(send.id()), SendState.FAILED, reason, now);
        }
        return Outcome.done();
    }

    private Outcome skip(TenantId tenant, PendingSend send, String reason, Instant now) {
        log.settle(tenant, List.of(send.id()), SendState.SKIPPED, reason, now);
        return Outcome.done();
    }
}
