package io.moat.commerce.order;

import io.moat.commerce.order.BatchOutcome.Result;
import io.moat.commerce.order.RecordOrders.SubmittedOrder;
import io.moat.shared.Problem;
import io.moat.shared.TenantId;
import io.moat.workspace.AuditLog;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Records orders pushed over the API. Idempotent on platform and order number: sending a batch again records
 * nothing new. Invalid orders are reported by index and field and the valid ones are recorded all the same.
 */
@Service
public class OrderIntake {

    public static final int MAX_ORDERS = 1000;

    private final OrderBatch batch;
    private final AuditLog audit;

    OrderIntake(OrderBatch batch, AuditLog audit) {
        this.batch = batch;
        this.audit = audit;
    }

    /** What happened to a submitted batch. */
    public record Outcome(long accepted, long updated, long duplicates, List<Rejected> rejected) {}

    /** An order left out: its index in the batch, the field at fault ({@code orders[3].paidFen}) and why. */
    public record Rejected(int index, String field, String reason) {}

    @Transactional
    public Outcome record(TenantId tenant, ZoneId zone, RecordOrders command) {
        List<SubmittedOrder> submitted = command.orders();
        if (submitted == null || submitted.isEmpty()) {
            throw new Problem(HttpStatus.BAD_REQUEST, "no-orders", "Send at least one order.", "orders");
        }
        if (submitted.size() > MAX_ORDERS) {
            throw new Problem(
                    HttpStatus.BAD_REQUEST,
                    "too-many-orders",
                    "Send at most " + MAX_ORDERS + " orders per call.",
                    "orders");
        }
        List<OrderRecord> valid = new ArrayList<>();
        List<Rejected> rejected = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        long repeated = 0;
        for (int i = 0; i < submitted.size(); i++) {
            try {
                if (submitted.get(i) == null) {
                    throw new SubmittedOrderCheck.Invalid("orders[" + i + "]", "must not be null");
                }
                OrderRecord order = new SubmittedOrderCheck(i, zone).order(submitted.get(i));
                if (seen.add(order.platform().code() + "\u0000" + order.orderNo())) {
                    valid.add(order);
                } else {
                    repeated++;
                }
            } catch (SubmittedOrderCheck.Invalid e) {
                rejected.add(new Rejected(i, e.field, e.field + ": " + e.getMessage()));
            }
        }
        BatchOutcome outcome = batch.record(tenant, valid, null);
        var result = new Outcome(
                outcome.count(Result.INSERTED),
                outcome.count(Result.UPDATED),
                outcome.count(Result.UNCHANGED) + repeated,
                rejected);
        audit.record(
                "commerce.orders.recorded",
                null,
                Map.of(
                        "submitted", submitted.size(),
                        "accepted", result.accepted(),
                        "updated", result.updated(),
                        "duplicates", result.duplicates(),
                        "rejected", rejected.size()));
        return result;
    }
}
