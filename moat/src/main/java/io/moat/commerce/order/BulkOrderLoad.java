package io.moat.commerce.order;

import io.moat.commerce.BuyerIdentity;
import io.moat.commerce.OrdersRecorded;
import io.moat.commerce.Platform;
import io.moat.commerce.RecordedOrder;
import io.moat.commerce.order.BatchOutcome.Result;
import io.moat.shared.TenantId;
import io.moat.shared.crypto.PersonalData;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
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
 * Records a large list of whole orders as {@link OrderBatch} does, with the same outcome, but set-based. The orders
 * are checked in Java (a bad one is rejected with its reason, the rest go on) and deduplicated in memory (an order
 * given more than once counts once, in its most advanced copy: highest stage, then largest refund, then first
 * given). If none of a sample of {@value #SAMPLE} of them is known to the workspace (a first import, the next
 * export of a shop), they are all copied as new orders at once, the orders' unique key being the existence check:
 * should it meet a known number after all, that copy is rolled back to a savepoint and the load goes the way below.
 * Otherwise the workspace's orders with those numbers are looked up once (one index scan per
 * {@value #PROBE_SLICE} numbers); a known order that the given copy would not move forward (same stage or behind,
 * no larger refund) is dropped there, so re-importing what Moat already has writes nothing. The rest splits in two:
 *
 * <ul>
 *   <li>new orders get their ids from the orders' sequence in one call and are written with their lines by binary
 *       {@code COPY} straight into the tables ({@link OrderCopy}, which explains the loader role this needs): no
 *       {@code ON CONFLICT} (whose speculative insertion costs an extra WAL record and index probe per row), no
 *       {@code RETURNING}, and one WAL record per page of rows;
 *   <li>known orders are copied into session temp tables ({@link OrderStaging}) and merged with one statement, an
 *       {@code INSERT … SELECT … ON CONFLICT} that only moves an order forward ({@link OrderMerge}) and whose {@code
 *       RETURNING} raises the refunds of their lines.
 * </ul>
 *
 * <p>Everything happens in the caller's transaction, so an order is never there without its lines. If another
 * writer commits one of the "new" numbers between the look-up and the copy, the copy fails on the unique key, is
 * rolled back to a savepoint, and the whole load takes the merging path instead. The orders recorded or moved forward
 * are published as one {@link OrdersRecorded}.
 */
@Component
public class BulkOrderLoad {

    /*
     * Only what the caller cannot know is sent back: the id, whether the order is new, and for a known order that
     * moved forward its merged state and the buyer identities it was first recorded with. A new order is exactly
     * what was staged. The staging tables are not analyzed (that cost about as much as writing the lines): without
     * statistics the planner sizes them by their pages, and as they have no index the only alternative to the hash
     * joins it picks would be a nested loop of full scans, which it prices far above them.
     */
    private static final String WRITE = """
            with written as (
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
                %s
                returning o.id, o.platform, o.order_no, (o.xmax = 0) as inserted, o.status, o.paid_fen, o.refunded_fen,
                          o.paid_at, o.buyer_nick, o.buyer_open_id, o.unionid, o.openid, o.phone_hash
            ),
            matched as (
                select b.seq, w.* from written w
                join pg_temp.bulk_order b on b.platform = w.platform and b.order_no = w.order_no
            ),
            new_lines as (
                insert into commerce.order_line
                    (tenant_id, order_id, line_no, sku, title, quantity, unit_price_fen, amount_fen, refunded_fen)
                select cast(:tenant as bigint), m.id, l.line_no, l.sku, l.title, l.quantity, l.unit_price_fen,
                       l.amount_fen, l.refunded_fen
                from matched m join pg_temp.bulk_order_line l on l.seq = m.seq
                where m.inserted
            ),
            raised_lines as (
                update commerce.order_line ol
                set refunded_fen = least(ol.amount_fen, greatest(ol.refunded_fen, l.refunded_fen))
                from matched m join pg_temp.bulk_order_line l on l.seq = m.seq
                where not m.inserted and l.refunded_fen > 0
                  and ol.tenant_id = cast(:tenant as bigint) and ol.order_id = m.id and ol.line_no = l.line_no
            )
            select seq, id, inserted, platform, order_no,
                   case when inserted then null else status end as status,
                   case when inserted then null else paid_fen end as paid_fen,
                   case when inserted then null else refunded_fen end as refunded_fen,
                   case when inserted then null else paid_at end as paid_at,
                   case when inserted then null else buyer_nick end as buyer_nick,
                   case when inserted then null else buyer_open_id end as buyer_open_id,
                   case when inserted then null else unionid end as unionid,
                   case when inserted then null else openid end as openid,
                   case when inserted then null else phone_hash end as phone_hash
            from matched
            """.formatted(OrderMerge.ON_CONFLICT);

    private static final String UNIQUE_VIOLATION = "23505";
    private static final String DEADLOCK = "40P01";

    /** What the look-up found of an order: not there, there but behind it, there and not behind it. */
    private static final byte NEW = 0;

    private static final byte AHEAD = 1;
    private static final byte UNCHANGED = 2;

    /**
     * Orders looked up before copying a load without looking up each: if none of these is known, the load is copied
     * as new at once.
     */
    private static final int SAMPLE = 1_000;

    /** Order numbers looked up per statement. */
    private static final int PROBE_SLICE = 50_000;

    private final JdbcClient jdbc;
    private final DataSource dataSource;
    private final PersonalData personalData;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private volatile @Nullable Boolean copying;

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
        int[] chosen = choose(orders, accepted);
        Result[] results = new Result[orders.size()];
        List<RecordedOrder> written = new ArrayList<>();
        if (chosen.length > 0) {
            var connection = DataSourceUtils.getConnection(dataSource);
            try {
                OrderCopy.requireScope(connection, tenant);
                Instant now = clock.instant();
                // Most likely all new (a first import, the next export of a shop)? Then copy them without looking
                // each one up: the orders' unique key is the existence check, and if it meets a known number after
                // all, the copy is undone and the load takes the look-up path below.
                boolean copiedAll = copying(connection)
                        && unknownBySample(connection, tenant, orders, chosen)
                        && copied(connection, tenant, orders, chosen, importId, now, results, written);
                int[] again = new int[0];
                if (!copiedAll) {
                    byte[] known = known(connection, tenant, orders, chosen);
                    int[] fresh = Arrays.stream(chosen)
                            .filter(seq -> known[seq] == NEW)
                            .toArray();
                    again = Arrays.stream(chosen)
                            .filter(seq -> known[seq] == AHEAD)
                            .toArray();
                    if (fresh.length > 0
                            && (!copying(connection)
                                    || !copied(connection, tenant, orders, fresh, importId, now, results, written))) {
                        // No loader role here, or another writer added some of these numbers since the look-up:
                        // merge them all instead.
                        again = chosen;
                    }
                }
                if (again.length > 0) {
                    @Nullable
                    String[] phoneHashes = new OrderStaging(connection, tenant, personalData).stage(orders, again);
                    jdbc.sql(WRITE)
                            .param("tenant", tenant.value())
                            .param("import", importId)
                            .param("now", now.atOffset(ZoneOffset.UTC))
                            .query((RowCallbackHandler) row -> {
                                int seq = row.getInt("seq");
                                boolean inserted = row.getBoolean("inserted");
                                results[seq] = inserted ? Result.INSERTED : Result.UPDATED;
                                written.add(
                                        inserted
                                                ? staged(row.getLong("id"), orders.get(seq), phoneHashes[seq])
                                                : OrderBatch.recorded(row));
                            });
                }
            } catch (SQLException e) {
                throw new IllegalStateException("Could not write the orders of a bulk load", e);
            } finally {
                DataSourceUtils.releaseConnection(connection, dataSource);
            }
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

    /** Whether new orders may be copied (the loader role exists here); asked once per process. */
    private boolean copying(Connection connection) throws SQLException {
        Boolean known = copying;
        if (known == null) {
            known = OrderCopy.available(connection);
            copying = known;
        }
        return known;
    }

    /** A new order as stored: exactly as it was staged. */
    private static RecordedOrder staged(long id, OrderRecord order, @Nullable String phoneHash) {
        Buyer buyer = order.buyer();
        return new RecordedOrder(
                id,
                order.platform(),
                order.orderNo(),
                order.status(),
                order.paidFen(),
                order.refundedFen(),
                order.paidAt() == null ? null : CopyText.stored(order.paidAt()),
                new BuyerIdentity(buyer.nick(), buyer.openId(), buyer.unionid(), buyer.openid(), phoneHash));
    }

    /**
     * Copies the orders the look-up found new, with their lines; false, with nothing written, when another
     * transaction committed one of their numbers since the look-up (the copy then fails on the unique key and is
     * rolled back to a savepoint taken before it, and the caller merges the whole load instead). No lock is held
     * between look-up and copy: a clash needs two writers with the same new order at the same moment, and costs only
     * the retry, while a lock would make two loads of one workspace wait for each other.
     */
    private boolean copied(
            Connection connection,
            TenantId tenant,
            List<OrderRecord> orders,
            int[] fresh,
            @Nullable Long importId,
            Instant now,
            Result[] results,
            List<RecordedOrder> written)
            throws SQLException {
        Savepoint beforeCopy = connection.setSavepoint();
        @Nullable String[] phoneHashes;
        long[] ids;
        try {
            ids = OrderCopy.allocateIds(connection, fresh.length);
            phoneHashes = new OrderCopy(connection, tenant, personalData).write(orders, fresh, ids, importId, now);
        } catch (SQLException e) {
            if (!UNIQUE_VIOLATION.equals(e.getSQLState()) && !DEADLOCK.equals(e.getSQLState())) {
                throw e;
            }
            connection.rollback(beforeCopy);
            return false;
        }
        connection.releaseSavepoint(beforeCopy);
        for (int k = 0; k < fresh.length; k++) {
            int seq = fresh[k];
            results[seq] = Result.INSERTED;
            written.add(staged(ids[k], orders.get(seq), phoneHashes[seq]));
        }
        return true;
    }

    /**
     * Whether none of an evenly spread sample of at most {@value #SAMPLE} of the chosen orders is known: one small
     * look-up instead of one per order. For a load of up to {@value #SAMPLE} orders the sample is all of them.
     */
    private static boolean unknownBySample(
            Connection connection, TenantId tenant, List<OrderRecord> orders, int[] chosen) throws SQLException {
        int step = (chosen.length + SAMPLE - 1) / SAMPLE;
        int[] sample = new int[(chosen.length + step - 1) / step];
        for (int k = 0; k < sample.length; k++) {
            sample[k] = chosen[k * step];
        }
        byte[] known = known(connection, tenant, orders, sample);
        for (int seq : sample) {
            if (known[seq] != NEW) {
                return false;
            }
        }
        return true;
    }

    /**
     * What the workspace has of each chosen order (by index): {@link #NEW} if nothing, {@link #AHEAD} if the given
     * copy would move the stored one forward, {@link #UNCHANGED} if it would not (then it is left out of the write
     * altogether, as {@link OrderMerge} would leave the row: a re-import of orders Moat already has writes nothing).
     * Looked up by number in slices of {@value #PROBE_SLICE}, each one index scan of the unique key.
     */
    private static byte[] known(Connection connection, TenantId tenant, List<OrderRecord> orders, int[] chosen)
            throws SQLException {
        byte[] known = new byte[orders.size()];
        Map<OrderNumber, Integer> byKey = new HashMap<>(Math.min(chosen.length, PROBE_SLICE) * 2);
        try (PreparedStatement probe = connection.prepareStatement("""
                select platform, order_no, commerce.status_rank(status), refunded_fen from commerce.orders
                where tenant_id = ? and order_no = any(?)""")) {
            for (int from = 0; from < chosen.length; from += PROBE_SLICE) {
                int to = Math.min(chosen.length, from + PROBE_SLICE);
                byKey.clear();
                String[] numbers = new String[to - from];
                for (int k = from; k < to; k++) {
                    OrderRecord order = orders.get(chosen[k]);
                    numbers[k - from] = order.orderNo();
                    byKey.put(new OrderNumber(order.platform(), order.orderNo()), chosen[k]);
                }
                probe.setLong(1, tenant.value());
                probe.setArray(2, connection.createArrayOf("text", numbers));
                try (ResultSet row = probe.executeQuery()) {
                    while (row.next()) {
                        Integer seq = byKey.get(new OrderNumber(
                                Platform.ofCode(row.getString(1)).orElseThrow(), row.getString(2)));
                        if (seq != null) {
                            OrderRecord given = orders.get(seq);
                            boolean ahead =
                                    given.status().stage() > row.getInt(3) || given.refundedFen() > row.getLong(4);
                            known[seq] = ahead ? AHEAD : UNCHANGED;
                        }
                    }
                }
            }
        }
        return known;
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

    /**
     * The index of the copy of each order that is written, the most advanced, the first given among equals; in the
     * order the orders were first given.
     */
    private static int[] choose(List<OrderRecord> orders, int[] accepted) {
        Map<OrderNumber, Integer> chosen = new LinkedHashMap<>(accepted.length * 2);
        for (int seq : accepted) {
            OrderRecord order = orders.get(seq);
            chosen.merge(
                    new OrderNumber(order.platform(), order.orderNo()),
                    seq,
                    (kept, next) -> ahead(orders.get(next), orders.get(kept)) ? next : kept);
        }
        return chosen.values().stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * An order's identity in a workspace. A record rather than a joined string: the number's hash is the string's
     * own, computed once, where a joined key was a new string hashed afresh at every look-up (a tenth of a load's
     * Java time at 500k orders).
     */
    private record OrderNumber(Platform platform, String orderNo) {}

    private static boolean ahead(OrderRecord copy, OrderRecord than) {
        int stages = Integer.compare(copy.status().stage(), than.status().stage());
        return stages > 0 || (stages == 0 && copy.refundedFen() > than.refundedFen());
    }
}
