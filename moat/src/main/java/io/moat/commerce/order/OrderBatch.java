package io.moat.commerce.order;

import io.moat.commerce.BuyerIdentity;
import io.moat.commerce.OrderStatus;
import io.moat.commerce.OrdersRecorded;
import io.moat.commerce.Platform;
import io.moat.commerce.RecordedOrder;
import io.moat.commerce.order.BatchOutcome.Result;
import io.moat.shared.TenantId;
import io.moat.shared.crypto.PersonalData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Records a batch of whole orders with one multi-row insert. An order already known under its platform and number
 * is not inserted again; it only moves forward when this copy shows a later stage or a larger refund, as a newer
 * export of the same order does. Each order's lines are written with it, in the caller's transaction, so an order
 * is never half there. The orders recorded or moved forward are published as {@link OrdersRecorded}.
 */
@Component
public class OrderBatch {

    private static final int ORDERS_PER_STATEMENT = 1000;
    private static final int LINES_PER_STATEMENT = 2000;

    private final JdbcClient jdbc;
    private final PersonalData personalData;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    OrderBatch(JdbcClient jdbc, PersonalData personalData, ApplicationEventPublisher events, Clock clock) {
        this.jdbc = jdbc;
        this.personalData = personalData;
        this.events = events;
        this.clock = clock;
    }

    /** Orders must be distinct by platform and number. */
    @Transactional(propagation = Propagation.MANDATORY)
    public BatchOutcome record(TenantId tenant, List<OrderRecord> orders, @Nullable Long importId) {
        Map<String, Written> written = new HashMap<>();
        for (int from = 0; from < orders.size(); from += ORDERS_PER_STATEMENT) {
            var slice = orders.subList(from, Math.min(orders.size(), from + ORDERS_PER_STATEMENT));
            insertOrders(tenant, slice, importId)
                    .forEach(w -> written.put(key(w.order.platform(), w.order.orderNo()), w));
        }
        List<Result> results = new ArrayList<>();
        List<Object[]> lines = new ArrayList<>();
        List<Object[]> lineRefunds = new ArrayList<>();
        for (OrderRecord order : orders) {
            Written w = written.get(key(order.platform(), order.orderNo()));
            results.add(w == null ? Result.UNCHANGED : w.inserted ? Result.INSERTED : Result.UPDATED);
            if (w != null && w.inserted) {
                for (int i = 0; i < order.lines().size(); i++) {
                    lines.add(lineValues(
                            tenant, w.order.orderId(), i + 1, order.lines().get(i)));
                }
            } else if (w != null) {
                for (int i = 0; i < order.lines().size(); i++) {
                    if (order.lines().get(i).refundedFen() > 0) {
                        lineRefunds.add(new Object[] {
                            tenant.value(),
                            w.order.orderId(),
                            i + 1,
                            order.lines().get(i).refundedFen()
                        });
                    }
                }
            }
        }
        insertLines(lines);
        raiseLineRefunds(lineRefunds);
        if (!written.isEmpty()) {
            events.publishEvent(new OrdersRecorded(
                    tenant, written.values().stream().map(w -> w.order).toList()));
        }
        return new BatchOutcome(results);
    }

    private record Written(RecordedOrder order, boolean inserted) {}

    private List<Written> insertOrders(TenantId tenant, List<OrderRecord> orders, @Nullable Long importId) {
        OffsetDateTime now = clock.instant().atOffset(ZoneOffset.UTC);
        List<Object> params = new ArrayList<>();
        for (OrderRecord order : orders) {
            var phone = StoredPhone.of(tenant, order.buyer().phone(), personalData);
            Collections.addAll(
                    params,
                    tenant.value(),
                    order.platform().code(),
                    order.orderNo(),
                    order.status().code(),
                    order.totalFen(),
                    order.paidFen(),
                    order.postFeeFen(),
                    order.refundedFen(),
                    utc(order.createdAt()),
                    utc(order.paidAt()),
                    utc(order.shippedAt()),
                    utc(order.finishedAt()),
                    order.buyer().nick(),
                    order.buyer().openId(),
                    order.buyer().unionid(),
                    order.buyer().openid(),
                    phone.hash(),
                    phone.sealed(),
                    phone.masked(),
                    order.province(),
                    order.city(),
                    importId,
                    now,
                    now);
        }
        return jdbc.sql("""
                insert into commerce.orders as o
                    (tenant_id, platform, order_no, status, total_fen, paid_fen, post_fee_fen, refunded_fen,
                     created_at, paid_at, shipped_at, finished_at, buyer_nick, buyer_open_id, unionid, openid,
                     phone_hash, phone_sealed, phone_masked, receiver_province, receiver_city, source_import_id,
                     recorded_at, updated_at)
                values %s
                %s
                returning id, platform, order_no, status, paid_fen, refunded_fen, paid_at,
                          buyer_nick, buyer_open_id, unionid, openid, phone_hash, (xmax = 0) as inserted
                """.formatted(tuples(orders.size(), 24), OrderMerge.ON_CONFLICT))
                .params(params)
                .query((row, n) -> new Written(recorded(row), row.getBoolean("inserted")))
                .list();
    }

    private void insertLines(List<Object[]> lines) {
        for (int from = 0; from < lines.size(); from += LINES_PER_STATEMENT) {
            var slice = lines.subList(from, Math.min(lines.size(), from + LINES_PER_STATEMENT));
            List<Object> params = new ArrayList<>();
            slice.forEach(values -> Collections.addAll(params, values));
            jdbc.sql("""
                    insert into commerce.order_line
                        (tenant_id, order_id, line_no, sku, title, quantity, unit_price_fen, amount_fen, refunded_fen)
                    values %s
                    """.formatted(tuples(slice.size(), 9))).params(params).update();
        }
    }

    /**
     * A later copy of a known order (a newer export, a re-sent webhook) may refund more of its lines; like the
     * order's own refund, a line's refund only grows (never past the line's amount).
     */
    private void raiseLineRefunds(List<Object[]> refunds) {
        for (Object[] refund : refunds) {
            jdbc.sql("""
                    update commerce.order_line set refunded_fen = least(amount_fen, greatest(refunded_fen, ?))
                    where tenant_id = ? and order_id = ? and line_no = ?
                    """).params(refund[3], refund[0], refund[1], refund[2]).update();
        }
    }

    private static Object[] lineValues(TenantId tenant, long orderId, int lineNo, OrderLine line) {
        return new Object[] {
            tenant.value(),
            orderId,
            lineNo,
            line.sku(),
            line.title(),
            line.quantity(),
            line.unitPriceFen(),
            line.amountFen(),
            Math.min(line.refundedFen(), line.amountFen())
        };
    }

    /** An order as the {@code returning} clause of the order upsert gives it back (also used by {@link BulkOrderLoad}). */
    static RecordedOrder recorded(ResultSet row) throws SQLException {
        var paidAt = row.getObject("paid_at", OffsetDateTime.class);
        return new RecordedOrder(
                row.getLong("id"),
                Platform.ofCode(row.getString("platform")).orElseThrow(),
                row.getString("order_no"),
                OrderStatus.ofCode(row.getString("status")).orElseThrow(),
                row.getLong("paid_fen"),
                row.getLong("refunded_fen"),
                paidAt == null ? null : paidAt.toInstant(),
                new BuyerIdentity(
                        row.getString("buyer_nick"),
                        row.getString("buyer_open_id"),
                        row.getString("unionid"),
                        row.getString("openid"),
                        row.getString("phone_hash")));
    }

    /** {@code (?, ?, …), (?, ?, …)}: the placeholders of a multi-row VALUES list. */
    static String tuples(int rows, int columns) {
        String tuple = "(" + String.join(", ", Collections.nCopies(columns, "?")) + ")";
        return String.join(",\n       ", Collections.nCopies(rows, tuple));
    }

    private static @Nullable OffsetDateTime utc(@Nullable Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    static String key(Platform platform, String orderNo) {
        return platform.code() + "\u0000" + orderNo;
    }
}
