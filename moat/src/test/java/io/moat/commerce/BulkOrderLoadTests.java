package io.moat.commerce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.moat.Api;
import io.moat.MoatTest;
import io.moat.commerce.export.ExportSource;
import io.moat.commerce.export.ExportTable;
import io.moat.commerce.export.HeaderMapping;
import io.moat.commerce.export.OrderAssembly;
import io.moat.commerce.order.BatchOutcome;
import io.moat.commerce.order.BatchOutcome.Result;
import io.moat.commerce.order.BulkOrderLoad;
import io.moat.commerce.order.BulkOutcome;
import io.moat.commerce.order.Buyer;
import io.moat.commerce.order.OrderBatch;
import io.moat.commerce.order.OrderLine;
import io.moat.commerce.order.OrderRecord;
import io.moat.shared.TenantId;
import io.moat.shared.context.CallContext;
import io.moat.workspace.WorkspaceDirectory;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The bulk load (COPY into session temp tables, then one set-based write) records the marketplace fixtures exactly
 * as the multi-row {@link OrderBatch} does, is idempotent, moves known orders only forward, rejects a bad order by
 * itself, and stays inside the workspace's row-level security.
 */
@MoatTest
class BulkOrderLoadTests {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    static final List<String> ORDER_COLUMNS = List.of(
            "platform",
            "order_no",
            "status",
            "total_fen",
            "paid_fen",
            "post_fee_fen",
            "refunded_fen",
            "created_at",
            "paid_at",
            "shipped_at",
            "finished_at",
            "buyer_nick",
            "buyer_open_id",
            "unionid",
            "openid",
            "phone_hash is not null",
            "phone_sealed is not null",
            "phone_masked",
            "receiver_province",
            "receiver_city",
            "source_import_id");

    @LocalServerPort
    int port;

    @Autowired
    BulkOrderLoad bulk;

    @Autowired
    OrderBatch batch;

    @Autowired
    WorkspaceDirectory directory;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    @Qualifier("ownerDataSource")
    DataSource owner;

    TenantId viaBatch;
    TenantId viaBulk;

    @BeforeEach
    void workspaces() {
        Api api = new Api(port);
        String admin = api.admin();
        viaBatch = directory.bySlug(api.newWorkspace(admin)).orElseThrow().tenant();
        viaBulk = directory.bySlug(api.newWorkspace(admin)).orElseThrow().tenant();
    }

    @Test
    void recordsTheFixturesAsTheBatchPathDoesAndOnlyOnce() {
        List<Long> batchCounts = new ArrayList<>();
        List<Long> bulkCounts = new ArrayList<>();
        for (var fixture : fixtures().entrySet()) {
            List<OrderRecord> orders = orders(fixture.getKey(), fixture.getValue());
            batchCounts.addAll(counts(inTenant(viaBatch, () -> batch.record(viaBatch, orders, null))));
            BulkOutcome outcome = inTenant(viaBulk, () -> bulk.record(viaBulk, orders, null));
            assertThat(outcome.rejected()).isEmpty();
            bulkCounts.addAll(counts(outcome.batch()));
        }
        assertThat(bulkCounts).isEqualTo(batchCounts);
        assertThat(count(viaBulk, "orders")).isPositive().isEqualTo(count(viaBatch, "orders"));
        assertThat(count(viaBulk, "order_line")).isPositive().isEqualTo(count(viaBatch, "order_line"));
        assertThat(orderRows(viaBulk)).isEqualTo(orderRows(viaBatch));
        assertThat(lineRows(viaBulk)).isEqualTo(lineRows(viaBatch));

        List<Map<String, Object>> before = orderRows(viaBulk);
        long lines = count(viaBulk, "order_line");
        for (var fixture : fixtures().entrySet()) {
            List<OrderRecord> orders = orders(fixture.getKey(), fixture.getValue());
            BulkOutcome again = inTenant(viaBulk, () -> bulk.record(viaBulk, orders, null));
            assertThat(again.batch().count(Result.UNCHANGED)).isEqualTo(orders.size());
        }
        assertThat(orderRows(viaBulk)).isEqualTo(before);
        assertThat(count(viaBulk, "order_line")).isEqualTo(lines);
    }

    @Test
    void aBadOrderIsRejectedWithItsReasonWhileTheOthersLand() {
        var good = order("B-1", OrderStatus.PAID, 1200, 0);
        var negative = order("B-2", OrderStatus.PAID, -5, 0);
        var noQuantity = new OrderRecord(
                Platform.OTHER,
                "B-3",
                OrderStatus.PAID,
                Instant.parse("2026-03-01T02:00:00Z"),
                null,
                null,
                null,
                100,
                100,
                0,
                0,
                Buyer.unknown(),
                null,
                null,
                List.of(new OrderLine("SKU", "tea", 0, 100L, 100)));
        var nul = order("B-4\u0000", OrderStatus.PAID, 100, 0);
        var alsoGood = order("B-5", OrderStatus.SHIPPED, 300, 0);

        BulkOutcome outcome =
                inTenant(viaBulk, () -> bulk.record(viaBulk, List.of(good, negative, noQuantity, nul, alsoGood), 7L));

        assertThat(outcome.rejected())
                .extracting(BulkOutcome.Rejected::index, BulkOutcome.Rejected::reason)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(1, "amounts: must not be negative"),
                        org.assertj.core.groups.Tuple.tuple(2, "lines[0].quantity: must be positive"),
                        org.assertj.core.groups.Tuple.tuple(3, "text: must not contain NUL characters"));
        assertThat(outcome.batch().results()).containsExactly(Result.INSERTED, Result.INSERTED);
        assertThat(owner().queryForList(
                                "select order_no from commerce.orders where tenant_id = ? and source_import_id = 7"
                                        + " order by order_no",
                                String.class,
                                viaBulk.value()))
                .containsExactly("B-1", "B-5");
        assertThat(count(viaBulk, "order_line")).isEqualTo(2);
    }

    @Test
    void repeatsInOneLoadCountOnceAndKnownOrdersOnlyMoveForward() {
        BulkOutcome first = inTenant(
                viaBulk,
                () -> bulk.record(
                        viaBulk,
                        List.of(
                                order("D-1", OrderStatus.PAID, 500, 0),
                                order("D-1", OrderStatus.SHIPPED, 500, 0),
                                order("D-2", OrderStatus.FINISHED, 700, 0)),
                        null));
        assertThat(first.batch().results()).containsExactly(Result.UNCHANGED, Result.INSERTED, Result.INSERTED);
        assertThat(status(viaBulk, "D-1")).isEqualTo("shipped");
        assertThat(count(viaBulk, "order_line")).isEqualTo(2);

        BulkOutcome second = inTenant(
                viaBulk,
                () -> bulk.record(
                        viaBulk,
                        List.of(order("D-1", OrderStatus.PAID, 500, 0), order("D-2", OrderStatus.FINISHED, 700, 200)),
                        null));
        assertThat(second.batch().results()).containsExactly(Result.UNCHANGED, Result.UPDATED);
        assertThat(status(viaBulk, "D-1")).isEqualTo("shipped");
        assertThat(owner().queryForObject(
                                "select refunded_fen from commerce.orders where tenant_id = ? and order_no = 'D-2'",
                                Long.class,
                                viaBulk.value()))
                .isEqualTo(200);
        assertThat(count(viaBulk, "order_line")).isEqualTo(2);
    }

    @Test
    void reImportingOrdersThatWouldNotMoveForwardTouchesNoRow() {
        List<OrderRecord> orders = List.of(
                order("R-1", OrderStatus.SHIPPED, 500, 0),
                order("R-2", OrderStatus.PAID, 700, 100),
                order("R-3", OrderStatus.FINISHED, 900, 0));
        inTenant(viaBulk, () -> bulk.record(viaBulk, orders, null));
        List<Map<String, Object>> before = rowVersions(viaBulk);

        // The same orders again, and copies behind them (an earlier stage, a smaller refund): nothing moves forward.
        BulkOutcome again = inTenant(
                viaBulk,
                () -> bulk.record(
                        viaBulk,
                        List.of(
                                orders.get(0),
                                order("R-2", OrderStatus.PAID, 700, 50),
                                order("R-3", OrderStatus.PAID, 900, 0)),
                        null));

        assertThat(again.batch().count(Result.UNCHANGED)).isEqualTo(3);
        // Not even a row lock: an ON CONFLICT that decides not to update still locks the row (its xmax changes).
        assertThat(rowVersions(viaBulk)).isEqualTo(before);

        BulkOutcome forward = inTenant(
                viaBulk, () -> bulk.record(viaBulk, List.of(order("R-1", OrderStatus.FINISHED, 500, 0)), null));
        assertThat(forward.batch().results()).containsExactly(Result.UPDATED);
        assertThat(status(viaBulk, "R-1")).isEqualTo("finished");
    }

    @Test
    void staysInsideTheWorkspace() {
        var order = order("T-1", OrderStatus.PAID, 900, 0);
        inTenant(viaBulk, () -> bulk.record(viaBulk, List.of(order), null));
        BulkOutcome other = inTenant(viaBatch, () -> bulk.record(viaBatch, List.of(order), null));

        assertThat(other.batch().results()).containsExactly(Result.INSERTED);
        assertThat(inTenant(viaBatch, () -> jdbc.sql("select count(*) from commerce.orders where order_no = 'T-1'")
                        .query(Long.class)
                        .single()))
                .isEqualTo(1);
        assertThat(owner().queryForObject(
                                "select count(*) from commerce.orders where order_no = 'T-1' and tenant_id in (?, ?)",
                                Long.class,
                                viaBatch.value(),
                                viaBulk.value()))
                .isEqualTo(2);
        // New orders are copied in by a role that bypasses row-level security, so the load itself refuses to
        // write for a workspace other than the one its transaction is scoped to, before it writes anything.
        assertThatThrownBy(() -> inTenant(
                        viaBatch, () -> bulk.record(viaBulk, List.of(order("T-2", OrderStatus.PAID, 1, 0)), null)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("must run in that workspace's transaction");
        assertThatThrownBy(() -> CallContext.system()
                        .call(() -> transactions.execute(
                                status -> bulk.record(viaBulk, List.of(order("T-3", OrderStatus.PAID, 1, 0)), null))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not an unscoped one");
        assertThat(count(viaBulk, "orders")).isEqualTo(1);
        assertThat(owner().queryForObject(
                                "select count(*) from commerce.orders where order_no in ('T-2', 'T-3')", Long.class))
                .isZero();
    }

    @Test
    void theLoaderRoleMayOnlyAddOrdersAndLines() {
        inTenant(viaBulk, () -> bulk.record(viaBulk, List.of(order("L-1", OrderStatus.PAID, 900, 0)), null));
        for (String statement : List.of(
                "select count(*) from commerce.orders",
                "update commerce.orders set paid_fen = 0",
                "delete from commerce.order_line",
                "select count(*) from customers.customer",
                "insert into commerce.import_error (tenant_id, job_id, row_number, reason, cells)"
                        + " values (1, 1, 1, 'x', '{}')")) {
            assertThatThrownBy(() -> inTenant(viaBatch, () -> {
                        jdbc.sql("select set_config('role', current_user || '_loader', true)")
                                .query()
                                .singleValue();
                        return jdbc.sql(statement).update();
                    }))
                    .as(statement)
                    .isInstanceOf(DataAccessException.class)
                    .rootCause()
                    .hasMessageContaining("permission denied");
        }
        assertThat(count(viaBulk, "orders")).isEqualTo(1);
    }

    @Test
    void anOrderAnotherWriterAddsWhileTheLoadCopiesIsMergedNotDoubled() throws Exception {
        // The other writer adds C-2 and keeps its transaction open; the load's look-up cannot see C-2 yet, so its
        // copy of C-2 waits on the unique key, and fails once the other writer commits. The load must then fall
        // back to merging, ending with one C-2 and the other orders inserted, in one transaction.
        var started = new java.util.concurrent.CountDownLatch(1);
        var release = new java.util.concurrent.CountDownLatch(1);
        var writer = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            var other = writer.submit(() -> inTenant(viaBulk, () -> {
                batch.record(viaBulk, List.of(order("C-2", OrderStatus.PAID, 500, 0)), null);
                started.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return null;
            }));
            started.await();
            var loader = java.util.concurrent.Executors.newSingleThreadExecutor();
            try {
                var load = loader.submit(() -> inTenant(
                        viaBulk,
                        () -> bulk.record(
                                viaBulk,
                                List.of(
                                        order("C-1", OrderStatus.PAID, 100, 0),
                                        order("C-2", OrderStatus.SHIPPED, 500, 0),
                                        order("C-3", OrderStatus.PAID, 300, 0)),
                                null)));
                // Wait until the load's copy is blocked on the other writer's C-2.
                while (owner().queryForObject(
                                        "select count(*) from pg_stat_activity where wait_event_type = 'Lock'"
                                                + " and query like 'copy commerce.orders%'",
                                        Long.class)
                        == 0) {
                    Thread.onSpinWait();
                }
                release.countDown();
                other.get();
                BulkOutcome outcome = load.get();
                assertThat(outcome.batch().results()).containsExactly(Result.INSERTED, Result.UPDATED, Result.INSERTED);
            } finally {
                loader.shutdown();
            }
        } finally {
            release.countDown();
            writer.shutdown();
        }
        assertThat(owner().queryForList(
                                "select order_no || ' ' || status from commerce.orders where tenant_id = ? order by order_no",
                                String.class,
                                viaBulk.value()))
                .containsExactly("C-1 paid", "C-2 shipped", "C-3 paid");
        assertThat(count(viaBulk, "order_line")).isEqualTo(3);
    }

    @Test
    void aKnownOrderTheSampleMissesMeetsTheUniqueKeyAndIsMergedNotDoubled() {
        // A load of 3,000 orders is copied as new at once when none of a sample of 1,000 (every third order, from
        // the first) is known. K-00001 is known but not in the sample: the copy must fail on the unique key, be
        // undone, and the load go the look-up way, ending with each order once and K-00001 moved forward.
        inTenant(viaBulk, () -> bulk.record(viaBulk, List.of(order("K-00001", OrderStatus.PAID, 100, 0)), null));
        long before = count(viaBulk, "orders");
        List<OrderRecord> orders = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            orders.add(order("K-%05d".formatted(i), i == 1 ? OrderStatus.SHIPPED : OrderStatus.PAID, 100 + i, 0));
        }

        BulkOutcome outcome = inTenant(viaBulk, () -> bulk.record(viaBulk, orders, 9L));

        assertThat(outcome.batch().results().get(1)).isEqualTo(Result.UPDATED);
        assertThat(outcome.batch().count(Result.INSERTED)).isEqualTo(2_999);
        assertThat(count(viaBulk, "orders")).isEqualTo(before + 2_999).isEqualTo(3_000);
        assertThat(count(viaBulk, "order_line")).isEqualTo(3_000);
        assertThat(status(viaBulk, "K-00001")).isEqualTo("shipped");
        assertThat(owner().queryForObject(
                                "select count(*) from commerce.orders where tenant_id = ? and source_import_id = 9",
                                Long.class,
                                viaBulk.value()))
                .isEqualTo(2_999);
    }

    @Test
    void aKnownUnchangedOrderTheSampleMissesIsLeftUntouched() {
        inTenant(viaBulk, () -> bulk.record(viaBulk, List.of(order("U-00002", OrderStatus.FINISHED, 100, 0)), null));
        List<Map<String, Object>> before = rowVersions(viaBulk);
        List<OrderRecord> orders = new ArrayList<>();
        for (int i = 0; i < 2_500; i++) {
            orders.add(order("U-%05d".formatted(i), OrderStatus.PAID, 100, 0));
        }

        BulkOutcome outcome = inTenant(viaBulk, () -> bulk.record(viaBulk, orders, null));

        assertThat(outcome.batch().results().get(2)).isEqualTo(Result.UNCHANGED);
        assertThat(outcome.batch().count(Result.INSERTED)).isEqualTo(2_499);
        assertThat(status(viaBulk, "U-00002")).isEqualTo("finished");
        assertThat(rowVersions(viaBulk)).containsAll(before);
        assertThat(count(viaBulk, "orders")).isEqualTo(2_500);
        assertThat(count(viaBulk, "order_line")).isEqualTo(2_500);
        // And the same load again adds nothing.
        BulkOutcome again = inTenant(viaBulk, () -> bulk.record(viaBulk, orders, null));
        assertThat(again.batch().count(Result.UNCHANGED)).isEqualTo(2_500);
        assertThat(count(viaBulk, "orders")).isEqualTo(2_500);
        assertThat(count(viaBulk, "order_line")).isEqualTo(2_500);
    }

    static Map<ExportSource, String> fixtures() {
        return Map.of(
                ExportSource.TAOBAO, "taobao-orders-gbk.csv",
                ExportSource.TMALL, "tmall-orders-utf8-bom.csv",
                ExportSource.JD, "jd-orders.csv",
                ExportSource.DOUYIN, "douyin-orders.csv",
                ExportSource.YOUZAN, "youzan-orders.csv");
    }

    static List<OrderRecord> orders(ExportSource source, String fixture) {
        ExportTable table = ExportTable.read(Fixtures.bytes(fixture));
        var format = source.format(HeaderMapping.guess(table.header()), Platform.OTHER);
        return OrderAssembly.assemble(table, format, SHANGHAI).orders();
    }

    static OrderRecord order(String orderNo, OrderStatus status, long paidFen, long refundedFen) {
        return new OrderRecord(
                Platform.OTHER,
                orderNo,
                status,
                Instant.parse("2026-03-01T02:00:00Z"),
                Instant.parse("2026-03-01T02:05:00Z"),
                null,
                null,
                paidFen,
                paidFen,
                0,
                refundedFen,
                new Buyer("nick", "buyer-" + orderNo, null, null, "13800138000"),
                "浙江省",
                "杭州市",
                List.of(new OrderLine("SKU-1", "green tea", 1, paidFen, paidFen)));
    }

    static List<Long> counts(BatchOutcome outcome) {
        return List.of(outcome.count(Result.INSERTED), outcome.count(Result.UPDATED), outcome.count(Result.UNCHANGED));
    }

    private List<Map<String, Object>> orderRows(TenantId tenant) {
        return owner().queryForList(
                        "select " + String.join(", ", ORDER_COLUMNS)
                                + " from commerce.orders where tenant_id = ? order by platform, order_no",
                        tenant.value());
    }

    private List<Map<String, Object>> lineRows(TenantId tenant) {
        return owner().queryForList("""
                select o.platform, o.order_no, l.line_no, l.sku, l.title, l.quantity, l.unit_price_fen, l.amount_fen
                from commerce.order_line l join commerce.orders o on o.tenant_id = l.tenant_id and o.id = l.order_id
                where l.tenant_id = ? order by o.platform, o.order_no, l.line_no
                """, tenant.value());
    }

    /** Each order's and line's row version (xmin, xmax, ctid): equal only if nothing wrote or locked the rows. */
    private List<Map<String, Object>> rowVersions(TenantId tenant) {
        return owner().queryForList("""
                select 'order ' || order_no || ' ' || xmin || ' ' || xmax || ' ' || ctid as version
                from commerce.orders where tenant_id = ?
                union all
                select 'line ' || order_id || ' ' || xmin || ' ' || xmax || ' ' || ctid
                from commerce.order_line where tenant_id = ?
                order by 1""", tenant.value(), tenant.value());
    }

    private String status(TenantId tenant, String orderNo) {
        return owner().queryForObject(
                        "select status from commerce.orders where tenant_id = ? and order_no = ?",
                        String.class,
                        tenant.value(),
                        orderNo);
    }

    private long count(TenantId tenant, String table) {
        return owner().queryForObject(
                        "select count(*) from commerce." + table + " where tenant_id = ?", Long.class, tenant.value());
    }

    private JdbcTemplate owner() {
        return new JdbcTemplate(owner);
    }

    private <T> T inTenant(TenantId tenant, Supplier<T> work) {
        return CallContext.forTenant(tenant, "test").call(() -> transactions.execute(status -> work.get()));
    }
}
