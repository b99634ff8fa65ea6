package io.moat.customers.internal;

import io.moat.shared.TenantId;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * The customer's event log. Each fact carries the reference of what caused it (an inbox event, an order), so a
 * replayed event adds nothing.
 */
@Component
@Transactional(propagation = Propagation.MANDATORY)
public class Timeline {

    private final JdbcClient jdbc;
    private final JsonMapper json;

    Timeline(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** The customer paid an order: one fact per order, at its payment time; unpaid orders are no fact yet. */
    public void ordered(
            TenantId tenant,
            long customerId,
            long orderId,
            String platform,
            String orderNo,
            long paidFen,
            @org.jspecify.annotations.Nullable Instant paidAt,
            boolean paid) {
        if (paid && paidAt != null) {
            append(
                    tenant,
                    customerId,
                    paidAt,
                    "ordered",
                    "order:" + orderId,
                    Map.of("platform", platform, "orderNo", orderNo, "paidFen", paidFen));
        }
    }

    public void append(
            TenantId tenant, long customerId, Instant at, String kind, String sourceRef, Map<String, ?> detail) {
        jdbc.sql("""
                insert into customers.timeline_event (tenant_id, customer_id, occurred_at, kind, source_ref, detail)
                values (?, ?, ?, ?, ?, cast(? as jsonb)) on conflict do nothing
                """)
                .params(
                        tenant.value(),
                        customerId,
                        at.atOffset(ZoneOffset.UTC),
                        kind,
                        sourceRef,
                        json.writeValueAsString(detail))
                .update();
    }
}
