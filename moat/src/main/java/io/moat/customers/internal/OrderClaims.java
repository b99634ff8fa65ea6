package io.moat.customers.internal;

import io.moat.commerce.OrderQueries;
import io.moat.commerce.OrderSummary;
import io.moat.customers.CustomerActed;
import io.moat.customers.CustomerId;
import io.moat.shared.Problem;
import io.moat.shared.TenantId;
import io.moat.shared.context.CallContext;
import io.moat.workspace.AuditLog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A customer claims a marketplace order: the order number must exist, the phone's last four digits must match
 * when the export shows them, and at most {@link #MAX_FAILURES} wrong tries an hour are allowed. The order then
 * belongs to the customer's profile; if it belonged to another profile (a buyer not yet known to be this fan),
 * the two are merged. Claiming again is harmless.
 */
@Service
public class OrderClaims {

    static final int MAX_FAILURES = 5;
    static final Duration WINDOW = Duration.ofHours(1);

    /** What claim-page acts concern, for audience conditions. */
    static final String CLAIM_REF = "order-claim";

    private final ClaimLinks links;
    private final OrderQueries orders;
    private final Profiles profiles;
    private final CustomerValues values;
    private final Timeline timeline;
    private final AuditLog audit;
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    OrderClaims(
            ClaimLinks links,
            OrderQueries orders,
            Profiles profiles,
            CustomerValues values,
            Timeline timeline,
            AuditLog audit,
            JdbcClient jdbc,
            TransactionTemplate transactions,
            ApplicationEventPublisher events,
            Clock clock) {
        this.links = links;
        this.orders = orders;
        this.profiles = profiles;
        this.values = values;
        this.timeline = timeline;
        this.audit = audit;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.events = events;
        this.clock = clock;
    }

    /** What the claim page shows and answers. */
    public record Claimed(String orderNo, String platform, boolean alreadyYours) {}

    public ClaimLinks.Claimant claimant(String token) {
        return links.verify(token)
                .orElseThrow(() -> new Problem(
                        HttpStatus.NOT_FOUND,
                        "claim-link-invalid",
                        "This link is not valid or has expired; ask for a new one.",
                        "token"));
    }

    /**
     * The customer opened the claim page: a link-opened act on the profile the link now stands for, so audiences can
     * find those who looked but did not claim.
     */
    public ClaimLinks.Claimant opened(String token) {
        ClaimLinks.Claimant claimant = claimant(token);
        TenantId tenant = claimant.tenant();
        CallContext.forTenant(tenant, "customer:" + claimant.customerId())
                .run(() -> transactions.executeWithoutResult(status -> events.publishEvent(new CustomerActed(
                        tenant,
                        new CustomerId(root(tenant, claimant.customerId())),
                        CustomerActed.Act.LINK_OPENED,
                        CLAIM_REF,
                        clock.instant()))));
        return claimant;
    }

    public Claimed claim(String token, String orderNo, @Nullable String phoneTail) {
        ClaimLinks.Claimant claimant = claimant(token);
        TenantId tenant = claimant.tenant();
        return CallContext.forTenant(tenant, "customer:" + claimant.customerId())
                .call(() -> {
                    throttle(tenant, claimant.customerId());
                    List<OrderSummary> found = orders.byOrderNo(tenant, orderNo);
                    if (found.isEmpty()) {
                        throw failure(
                                tenant,
                                claimant,
                                orderNo,
                                new Problem(
                                        HttpStatus.NOT_FOUND,
                                        "order-not-found",
                                        "No order with this number; check it in your order list and try again.",
                                        "orderNo"));
                    }
                    if (found.size() > 1) {
                        throw new Problem(
                                HttpStatus.CONFLICT,
                                "order-ambiguous",
                                "Several shops have an order with this number; please ask our staff to link it.",
                                "orderNo");
                    }
                    OrderSummary order = found.getFirst();
                    String expectedTail = tail(order.phoneMasked());
                    if (expectedTail != null && !expectedTail.equals(phoneTail == null ? "" : phoneTail.strip())) {
                        throw failure(
                                tenant,
                                claimant,
                                orderNo,
                                new Problem(
                                        HttpStatus.BAD_REQUEST,
                                        "phone-tail-mismatch",
                                        "The last four digits of the order's phone do not match.",
                                        "phoneTail"));
                    }
                    return transactions.execute(status -> link(tenant, claimant.customerId(), order));
                });
    }

    private Claimed link(TenantId tenant, long claimantId, OrderSummary order) {
        Instant now = clock.instant();
        long customer = root(tenant, claimantId);
        Long owner = jdbc.sql("select customer_id from customers.purchase where tenant_id = ? and order_id = ?")
                .params(tenant.value(), order.orderId())
                .query(Long.class)
                .optional()
                .map(id -> root(tenant, id))
                .orElse(null);
        if (owner != null && owner == customer) {
            return new Claimed(order.orderNo(), order.platform().code(), true);
        }
        if (owner != null) {
            profiles.merge(tenant, Math.min(owner, customer), Math.max(owner, customer), "order claimed", now);
            customer = Math.min(owner, customer);
        }
        jdbc.sql("""
                insert into customers.purchase (tenant_id, order_id, customer_id, platform, order_no, status, paid_fen,
                    refunded_fen, paid_at, linked_by)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, 'claim')
                on conflict (tenant_id, order_id) do update set customer_id = excluded.customer_id, linked_by = 'claim'
                """)
                .params(
                        tenant.value(),
                        order.orderId(),
                        customer,
                        order.platform().code(),
                        order.orderNo(),
                        order.status().code(),
                        order.paidFen(),
                        order.refundedFen(),
                        order.paidAt() == null ? null : order.paidAt().atOffset(ZoneOffset.UTC))
                .update();
        timeline.append(
                tenant,
                customer,
                now,
                "claimed_order",
                "claim:" + order.orderId(),
                Map.of("orderNo", order.orderNo(), "platform", order.platform().code()));
        timeline.ordered(
                tenant,
                customer,
                order.orderId(),
                order.platform().code(),
                order.orderNo(),
                order.paidFen(),
                order.paidAt(),
                order.status().isPaid());
        values.refresh(tenant, List.of(customer));
        audit.record(
                "order.claimed",
                "customer:" + customer,
                Map.of(
                        "orderNo",
                        order.orderNo(),
                        "platform",
                        order.platform().code(),
                        "mergedFrom",
                        owner == null ? 0 : owner));
        events.publishEvent(
                new CustomerActed(tenant, new CustomerId(customer), CustomerActed.Act.BENEFIT_CLAIMED, CLAIM_REF, now));
        return new Claimed(order.orderNo(), order.platform().code(), false);
    }

    private long root(TenantId tenant, long customerId) {
        return jdbc.sql("select coalesce(merged_into, id) from customers.customer where tenant_id = ? and id = ?")
                .params(tenant.value(), customerId)
                .query(Long.class)
                .optional()
                .orElseThrow(() -> new Problem(
                        HttpStatus.NOT_FOUND,
                        "claim-link-invalid",
                        "This link is not valid or has expired; ask for a new one.",
                        "token"));
    }

    private void throttle(TenantId tenant, long customer) {
        long failures = transactions.execute(status -> jdbc.sql("""
                        select count(*) from customers.claim_attempt
                        where tenant_id = ? and customer_id = ? and outcome <> 'ok' and attempted_at > ?
                        """)
                .params(tenant.value(), customer, clock.instant().minus(WINDOW).atOffset(ZoneOffset.UTC))
                .query(Long.class)
                .single());
        if (failures >= MAX_FAILURES) {
            throw new Problem(
                    HttpStatus.TOO_MANY_REQUESTS,
                    "too-many-claim-attempts",
                    "Too many tries; please try again in an hour or ask our staff.",
                    "orderNo");
        }
    }

    private Problem failure(TenantId tenant, ClaimLinks.Claimant claimant, String orderNo, Problem problem) {
        transactions.executeWithoutResult(status -> jdbc.sql("""
                        insert into customers.claim_attempt (tenant_id, customer_id, attempted_at, order_no, outcome)
                        values (?, ?, ?, ?, ?)
                        """)
                .params(
                        tenant.value(),
                        claimant.customerId(),
                        clock.instant().atOffset(ZoneOffset.UTC),
                        orderNo.length() > 64 ? orderNo.substring(0, 64) : orderNo,
                        problem.code())
                .update());
        return problem;
    }

    /** The last four digits a masked phone still shows ({@code 138****1234}), if any. */
    static @Nullable String tail(@Nullable String masked) {
        if (masked == null) {
            return null;
        }
        String digits = masked.strip();
        return digits.length() >= 4
                        && digits.substring(digits.length() - 4).chars().allMatch(Character::isDigit)
                ? digits.substring(digits.length() - 4)
                : null;
    }
}
