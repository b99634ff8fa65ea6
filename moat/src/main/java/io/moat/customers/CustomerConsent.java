package io.moat.customers;

import io.moat.customers.internal.Timeline;
import io.moat.shared.TenantId;
import io.moat.workspace.AuditLog;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Marketing consent for other modules: who has opted out, and opting a customer out on their own word (a stop word
 * such as 退订 in a chat). The console's opt-out and opt-in go through the customers module's own service; both
 * land on the timeline and in the audit log. Call in the workspace's scope.
 */
@Service
public class CustomerConsent {

    private final org.springframework.jdbc.core.simple.JdbcClient jdbc;
    private final Timeline timeline;
    private final AuditLog audit;
    private final Clock clock;

    CustomerConsent(
            org.springframework.jdbc.core.simple.JdbcClient jdbc, Timeline timeline, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.timeline = timeline;
        this.audit = audit;
        this.clock = clock;
    }

    /** Those of {@code customers} who opted out of marketing (merged profiles count as their survivor). */
    @Transactional(readOnly = true)
    public Set<CustomerId> optedOut(TenantId tenant, Collection<CustomerId> customers) {
        return Set.copyOf(jdbc.sql("""
                        select c.id from customers.customer c
                        where c.tenant_id = ? and c.id = any(?) and (c.opted_out_at is not null
                           or exists (select 1 from customers.customer s where s.tenant_id = c.tenant_id
                                      and s.id = c.merged_into and s.opted_out_at is not null))
                        """)
                .params(
                        tenant.value(),
                        customers.stream().map(CustomerId::value).toArray(Long[]::new))
                .query((row, n) -> new CustomerId(row.getLong(1)))
                .list());
    }

    /**
     * Opts the customer out because they said so ({@code source} names where, e.g. the archived message id); a
     * customer already opted out stays as they were. Answers whether this changed anything.
     */
    @Transactional
    public boolean optOutOnRequest(TenantId tenant, CustomerId customer, String reason, String source) {
        Instant now = clock.instant();
        int changed = jdbc.sql("""
                        update customers.customer set opted_out_at = ?
                        where tenant_id = ? and id = ? and merged_into is null and opted_out_at is null
                        """)
                .params(now.atOffset(ZoneOffset.UTC), tenant.value(), customer.value())
                .update();
        if (changed == 1) {
            timeline.append(
                    tenant, customer.value(), now, "opted_out", "opted_out:" + source, Map.of("reason", reason));
            audit.record(
                    "customer.opted_out", "customer:" + customer.value(), Map.of("reason", reason, "source", source));
        }
        return changed == 1;
    }
}
