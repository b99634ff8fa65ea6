package io.moat.messaging;

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

    SendBroker(SendIntake intake, SendLog log) {
        this.intake = intake;
        this.log = log;
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
