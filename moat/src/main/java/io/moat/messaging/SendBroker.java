package io.moat.messaging;

import io.moat.customers.CustomerLookup;
import io.moat.messaging.internal.SendIntake;
import io.moat.messaging.internal.SendLog;
import io.moat.shared.Problem;
import io.moat.shared.TenantId;
import io.moat.shared.context.CallContext;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Asks for sends and reads the send log, for the current workspace (see the package documentation). {@link #request}
 * joins the caller's transaction: a journey step's send commits with the step, or not at all.
 */
@Service
public class SendBroker {

    private final SendIntake intake;
    private final SendLog log;
    private final CustomerLookup customers;

    SendBroker(SendIntake intake, SendLog log, CustomerLookup customers) {
        this.intake = intake;
        this.log = log;
        this.customers = customers;
    }

    /**
     * Records the send (idempotent on its key: asking again answers the same send and changes nothing) and schedules
     * its checks at its not-before moment. Publishes {@link SendRecorded} for a new send.
     *
     * @return the send's id in the send log
     */
    @Transactional
    public long request(SendRequest request) {
        return intake.record(tenant(), request);
    }

    /**
     * Enters a welcome another module sent or skipped itself (see {@link WelcomeOutcome}) into the send log in its
     * final state, in the caller's transaction, so the welcome's own record and the send log commit together.
     * Idempotent on the key; publishes {@link SendRecorded} and {@link SendSettled} for a new one.
     *
     * @return the send's id in the send log
     */
    @Transactional
    public long recordWelcome(WelcomeOutcome outcome) {
        TenantId tenant = tenant();
        return log.recordWelcome(
                tenant,
                outcome,
                customers.byExternalUserId(tenant, outcome.externalUserId()).orElse(null));
    }

    @Transactional(readOnly = true)
    public Optional<SendView> find(String key) {
        return log.byKey(tenant(), key);
    }

    @Transactional(readOnly = true)
    public Optional<SendView> find(long sendId) {
        return log.byId(tenant(), sendId);
    }

    /** The send log, newest first, filtered (per customer, state, reason, journey or step). */
    @Transactional(readOnly = true)
    public List<SendView> search(SendSearch search) {
        return log.search(tenant(), search);
    }

    /** A journey's sends counted per step, state and reason (for journey statistics). */
    @Transactional(readOnly = true)
    public List<SendCount> journeyCounts(String journeyId) {
        return log.journeyCounts(tenant(), journeyId);
    }

    private static TenantId tenant() {
        return CallContext.currentTenant()
                .orElseThrow(() -> new Problem(HttpStatus.FORBIDDEN, "no-workspace", "Sends belong to a workspace."));
    }
}
