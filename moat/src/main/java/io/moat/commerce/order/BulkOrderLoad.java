package io.moat.commerce.order;

import io.moat.commerce.OrdersRecorded;
import io.moat.commerce.RecordedOrder;
import io.moat.commerce.order.BatchOutcome.Result;
import io.moat.shared.TenantId;
import io.moat.shared.crypto.PersonalData;
import java.sql.SQLException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Records a large list of whole orders as {@link OrderBatch} does, with the same outcome, but set-based: the orders
 * are checked in Java (a bad one is rejected with its reason, the rest go on), copied with {@code COPY} into session
 * temp tables on the caller's transaction (so under the workspace's row-level security), then written with one
 * {@code INSERT … SELECT … ON CONFLICT} for the orders and one for the lines of those newly recorded. An order given
 * more than once in the load counts once, in its most advanced copy (highest stage, then largest refund, then first
 * given); a known order only moves forward, as {@code commerce.status_rank} ranks it. The orders recorded or moved
 * forward are published as {@link OrdersRecorded}.
 */
@Component
public class BulkOrderLoad {

    private static final String WRITE_ORDERS = """
            insert into commerce.orders as o
                (tenant_id, platform, order_no, status, total_fen, paid_fen, post_fee_fen, refunded_fen,
                 created_at, paid_at, shipped_at, finished_at, buyer_nick, buyer_open_id, unionid, openid,
                 phone_hash, phone_sealed, phone_masked, receiver_province, receiver_city, source_import_id,
                 recorded_at, updated_at)
            select cast(:tenant as bigint), platform, order_no, status, total_fen, paid_fen, post_fee_fen,
                   refunded_fen, created_at, paid_at, shipped_at, finished_at, buyer_nick, buyer_open_id, unionid,
                   openid, phone_hash, phone_sealed, phone_masked, receiver_province, receiver_city,
                   cast(:import as bigint), cast(:now as timestamptz), cast(:now as timestamptz)
            from pg_temp.bulk_order
            on conflict (tenant_id, platform, order_no) do update set
                status = case when commerce.status_rank(excluded.status) >= commerce.status_rank(o.status)
                              then excluded.status else o.status end,
                paid_fen = greatest(o.paid_fen, excluded.paid_fen),
                refunded_fen = greatest(o.refunded_fen, excluded.refunded_fen),
                paid_at = coalesce(o.paid_at, excluded.paid_at),
                shipped_at = coalesce(o.shipped_at, excluded.shipped_at),
                finished_at = coalesce(o.finished_at, excluded.finished_at),
                updated_at = excluded.updated_at
            where commerce.status_rank(excluded.status) > commerce.status_rank(o.status)
               or excluded.refunded_fen > o.refunded_fen
            returning id, platform, order_no, status, paid_fen, refunded_fen, paid_at,
                      buyer_nick, buyer_open_id, unionid, openid, phone_hash, (xmax = 0) as inserted
            """;

    private static final String WRITE_LINES = """
            insert into commerce.order_line
                (tenant_id, order_id, line_no, sku, title, quantity, unit_price_fen, amount_fen)
            select cast(:tenant as bigint), order_id, line_no, sku, title, quantity, unit_price_fen, amount_fen
            from pg_temp.bulk_order_line
            """;

    private final JdbcClient jdbc;
    private final DataSource dataSource;
    private final PersonalData personalData;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    BulkOrderLoad(
            JdbcClient jdbc,
            DataSource dataSource,
            PersonalData personalData,
            ApplicationEventPublisher events,
            Clock clock) {
        this.jdbc = jdbc;
        this.dataSource = dataSource;
        this.personalData = personalData;
        this.events = events;
        this.clock = clock;
    }

    /** Orders may repeat; each is checked, and the valid ones are recorded in the caller's transaction. */
    @Transactional(propagation = Propagation.MANDATORY)
    public BulkOutcome record(TenantId tenant, List<OrderRecord> orders, @Nullable Long importId) {
        List<BulkOutcome.Rejected> rejected = new ArrayList<>();
        int[] accepted = check(orders, rejected);
        Map<String, Integer> chosen = choose(orders, accepted);
        Result[] results = new Result[orders.size()];
        long[] orderIds = new long[orders.size()];
        List<RecordedOrder> written = new ArrayList<>();
        var connection = DataSourceUtils.getConnection(dataSource);
        try {
            var staging = new OrderStaging(connection, tenant, personalData);
            staging.stageOrders(
                    orders, chosen.values().stream().mapToInt(Integer::intValue).toArray());
            jdbc.sql(WRITE_ORDERS)
                    .param("tenant", tenant.value())
                    .param("import", importId)
                    .param("now", clock.instant().atOffset(ZoneOffset.UTC))
                    .query((RowCallbackHandler) row -> {
                        RecordedOrder order = OrderBatch.recorded(row);
                        int seq = chosen.get(OrderBatch.key(order.platform(), order.orderNo()));
                        boolean inserted = row.getBoolean("inserted");
                        results[seq] = inserted ? Result.INSERTED : Result.UPDATED;
                        orderIds[seq] = inserted ? order.orderId() : 0;
                        written.add(order);
                    });
            int[] inserted = Arrays.stream(accepted)
                    .filter(seq -> results[seq] == Result.INSERTED)
                    .toArray();
            staging.stageLines(orders, inserted, orderIds);
            jdbc.sql(WRITE_LINES).param("tenant", tenant.value()).update();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not stage the orders of a bulk load", e);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
        List<Result> outcome = new ArrayList<>(accepted.length);
        for (int seq : accepted) {
            outcome.add(results[seq] == null ? Result.UNCHANGED : results[seq]);
        }
        if (!written.isEmpty()) {
            events.publishEvent(new OrdersRecorded(tenant, written));
        }
        return new BulkOutcome(new BatchOutcome(outcome), rejected);
    }

    private static int[] check(List<OrderRecord> orders, List<BulkOutcome.Rejected> rejected) {
        int[] accepted = new int[orders.size()];
        int count = 0;
        for (int i = 0; i < orders.size(); i++) {
            OrderRecord order = orders.get(i);
            Optional<String> problem = order == null ? Optional.of("must not be null") : OrderRowCheck.problem(order);
            if (problem.isPresent()) {
                rejected.add(new BulkOutcome.Rejected(i, order == null ? "" : order.orderNo(), problem.get()));
            } else {
                accepted[count++] = i;
            }
        }
        return Arrays.copyOf(accepted, count);
    }

    /** The index of the copy of each order that is written: the most advanced, the first given among equals. */
    private static Map<String, Integer> choose(List<OrderRecord> orders, int[] accepted) {
        Map<String, Integer> chosen = new LinkedHashMap<>(accepted.length * 2);
        for (int seq : accepted) {
            OrderRecord order = orders.get(seq);
            chosen.merge(
                    OrderBatch.key(order.platform(), order.orderNo()),
                    seq,
                    (kept, next) -> ahead(orders.get(next), orders.get(kept)) ? next : kept);
        }
        return chosen;
    }

    private static boolean ahead(OrderRecord copy, OrderRecord than) {
        int stages = Integer.compare(copy.status().stage(), than.status().stage());
        return stages > 0 || (stages == 0 && copy.refundedFen() > than.refundedFen());
    }
}
