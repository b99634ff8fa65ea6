package io.moat.customers.internal;

import io.moat.customers.CustomerFactsChanged;
import io.moat.customers.CustomerId;
import io.moat.shared.Problem;
import io.moat.workspace.AuditLog;
import io.moat.workspace.CurrentWorkspace;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A customer's wish not to receive marketing: opting out stops every broadcast and journey message to them (the
 * send broker skips them with this reason); one-to-one service by staff goes on. Both directions are on the
 * timeline and in the audit log.
 */
@Service
public class Consent {

    private final JdbcClient jdbc;
    private final Timeline timeline;
    private final AuditLog audit;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    Consent(JdbcClient jdbc, Timeline timeline, AuditLog audit, Clock clock, ApplicationEventPublisher events) {
        this.events = events;
        this.jdbc = jdbc;
        this.timeline = timeline;
        this.audit = audit;
        this.clock = clock;
    }

    @Transactional
    public void optOut(CurrentWorkspace workspace, long customer, String reason) {
        change(workspace, customer, true, reason);
    }

    @Transactional
    public void optIn(CurrentWorkspace workspace, long customer) {
        change(workspace, customer, false, "");
    }

    private void change(CurrentWorkspace workspace, long customer, boolean out, String reason) {
        Instant now = clock.instant();
        int changed = jdbc.sql("""
                update customers.customer set opted_out_at = case when ? then coalesce(opted_out_at, ?) end
                where tenant_id = ? and id = ? and merged_into is null
                """)
                .params(out, now.atOffset(ZoneOffset.UTC), workspace.tenant().value(), customer)
                .update();
        if (changed == 0) {
            throw new Problem(HttpStatus.NOT_FOUND, "customer-not-found", "No customer " + customer + ".", "id");
        }
        String kind = out ? "opted_out" : "opted_in";
        timeline.append(
                workspace.tenant(), customer, now, kind, kind + ":" + now.toEpochMilli(), Map.of("reason", reason));
        audit.record("customer." + kind, "customer:" + customer, Map.of("reason", reason));
        events.publishEvent(new CustomerFactsChanged(workspace.tenant(), List.of(new CustomerId(customer)), false));
    }
}
