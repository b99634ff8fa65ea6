package io.moat.bench.ingest;

import io.moat.commerce.OrderStatus;
import io.moat.commerce.OrdersRecorded;
import io.moat.commerce.Platform;
import io.moat.commerce.order.BatchOutcome.Result;
import io.moat.commerce.order.BulkOrderLoad;
import io.moat.commerce.order.BulkOutcome;
import io.moat.commerce.order.Buyer;
import io.moat.commerce.order.OrderBatch;
import io.moat.commerce.order.OrderLine;
import io.moat.commerce.order.OrderRecord;
import io.moat.shared.TenantId;
import io.moat.shared.crypto.PersonalData;
import io.moat.shared.crypto.SecretBox;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Moat's real bulk path, {@link BulkOrderLoad}, into {@code commerce.orders} and {@code commerce.order_line} as the
 * application login under row-level security (the tenant set per transaction as Moat's transaction manager does):
 * the Java row check, COPY into session temp tables, then the deduplicating, forward-only set-based write. The
 * orders are handed over as {@link OrderRecord}s, built before the clock starts (as an import has them after
 * parsing). The profile step is a set-based per-customer upsert over the orders just written, in its own
 * transaction under the same tenant; it stands in for Moat's order-to-fan linking and derived values (set-based per
 * batch, after commit, in {@code OrderLinking}), which are not measured here but in {@link ImportThroughput}. With {@code viaBatch} the same orders go through the existing
 * {@link OrderBatch} (multi-row INSERT … ON CONFLICT, 1000 orders per statement) in one transaction instead, which
 * shows what the bulk path changes for Moat itself.
 */
final class MoatBulkPeer implements Peer {

    static final TenantId TENANT = new TenantId(1);

    private static final String PROFILE = """
            insert into bench.b3_profile as p (customer, orders, spent_fen, last_order_at)
            select buyer_open_id::bigint, count(*), sum(paid_fen), max(created_at) from commerce.orders
            where source_import_id = ? group by buyer_open_id
            on conflict (customer) do update set orders = p.orders + excluded.orders,
                spent_fen = p.spent_fen + excluded.spent_fen,
                last_order_at = greatest(p.last_order_at, excluded.last_order_at)
            """;

    private static final String PROFILE_FROM_ARRAYS = """
            insert into bench.b3_profile as p (customer, orders, spent_fen, last_order_at)
            select * from unnest(cast(? as bigint[]), cast(? as bigint[]), cast(? as bigint[]),
                                 cast(? as timestamptz[]))
            on conflict (customer) do update set orders = p.orders + excluded.orders,
                spent_fen = p.spent_fen + excluded.spent_fen,
                last_order_at = greatest(p.last_order_at, excluded.last_order_at)
            """;

    private final B3Database db;
    private final B3Data data;
    private final List<OrderRecord> orders;
    private final SingleConnectionDataSource dataSource;
    private final TransactionTemplate transactions;
    private final JdbcClient jdbc;
    private final BulkOrderLoad bulk;
    private final OrderBatch batch;
    private final boolean viaBatch;
    /** With two streams: the second connection's writer; the load is split in halves, one transaction each. */
    private final @org.jspecify.annotations.Nullable Stream second;

    /**
     * Loads larger than this are handed to {@link BulkOrderLoad#record} in slices of this many orders, one call per
     * slice in the stream's one transaction (as an import hands over its batches): 10M orders as records, with the
     * writer's own per-load maps, do not fit a benchmark heap of 6 GB. The slices' records are then built inside the
     * timed load, from the same arrays the reference peers read inside theirs; up to this size they are built before
     * the clock starts, as before. (`-Db3.slice=` changes it, to try the sliced path on a small load.)
     */
    static final int SLICE = Integer.getInteger("b3.slice", 1_000_000);

    private final AtomicLong published = new AtomicLong();
    private long run;
    /** Which rows (by index into the data) the last load reported inserted; the profile step reads them. */
    private boolean[] inserted = new boolean[0];

    private record Stream(TransactionTemplate transactions, JdbcClient jdbc, BulkOrderLoad bulk) {}

    /** Moat's bulk path; with {@code viaBatch}, the existing {@link OrderBatch} path in statements of 1000 instead. */
    MoatBulkPeer(B3Database db, B3Data data, boolean viaBatch) throws Exception {
        this(db, data, viaBatch, 1);
    }

    /**
     * With {@code streams} 2, the bulk path on two connections at once: each writes one half of the orders (whole
     * orders with their lines) in its own transaction.
     */
    MoatBulkPeer(B3Database db, B3Data data, boolean viaBatch, int streams) throws Exception {
        this.db = db;
        this.data = data;
        this.viaBatch = viaBatch;
        this.orders = data.rows <= SLICE || viaBatch ? records(data, 0, data.rows) : List.of();
        this.dataSource =
                new SingleConnectionDataSource(db.url(""), B3Database.APP_ROLE, B3Database.APP_PASSWORD, true);
        this.transactions = new TransactionTemplate(new JdbcTransactionManager(dataSource));
        this.jdbc = JdbcClient.create(dataSource);
        var personalData = construct(PersonalData.class, new Class<?>[] {SecretBox.class}, new SecretBox(new byte[32]));
        ApplicationEventPublisher events =
                event -> published.addAndGet(((OrdersRecorded) event).orders().size());
        this.bulk = construct(
                BulkOrderLoad.class,
                new Class<?>[] {
                    JdbcClient.class, DataSource.class, PersonalData.class, ApplicationEventPublisher.class, Clock.class
                },
                jdbc,
                dataSource,
                personalData,
                events,
                Clock.systemUTC());
        this.batch = construct(
                OrderBatch.class,
                new Class<?>[] {JdbcClient.class, PersonalData.class, ApplicationEventPublisher.class, Clock.class},
                jdbc,
                personalData,
                events,
                Clock.systemUTC());
        if (streams == 2) {
            var other = new SingleConnectionDataSource(db.url(""), B3Database.APP_ROLE, B3Database.APP_PASSWORD, true);
            var otherJdbc = JdbcClient.create(other);
            this.second = new Stream(
                    new TransactionTemplate(new JdbcTransactionManager(other)),
                    otherJdbc,
                    construct(
                            BulkOrderLoad.class,
                            new Class<?>[] {
                                JdbcClient.class,
                                DataSource.class,
                                PersonalData.class,
                                ApplicationEventPublisher.class,
                                Clock.class
                            },
                            otherJdbc,
                            other,
                            personalData,
                            events,
                            Clock.systemUTC()));
        } else {
            this.second = null;
        }
    }

    @Override
    public String name() {
        return viaBatch
                ? "Moat OrderBatch (existing path)"
                : second != null ? "Moat bulk, 2 streams" : "Moat bulk (validate + dedupe)";
    }

    @Override
    public void reset() throws Exception {
        db.execute("truncate commerce.order_line, commerce.orders, bench.b3_profile");
        published.set(0);
    }

    @Override
    public void load(B3Data data) {
        long importId = ++run;
        if (viaBatch) {
            long inserted = inTenant(() -> {
                long count = 0;
                for (int from = 0; from < orders.size(); from += 1000) {
                    var slice = orders.subList(from, Math.min(orders.size(), from + 1000));
                    count += batch.record(TENANT, slice, importId).count(Result.INSERTED);
                }
                return count;
            });
            if (inserted != data.rows || published.get() != data.rows) {
                throw new IllegalStateException("OrderBatch inserted " + inserted + " of " + data.rows);
            }
            return;
        }
        inserted = new boolean[data.rows];
        long count;
        if (second == null) {
            count = inTenant(transactions, jdbc, () -> stream(bulk, data, 0, data.rows, importId));
        } else {
            int half = data.rows / 2;
            var other = java.util.concurrent.CompletableFuture.supplyAsync(() -> inTenant(
                    second.transactions(),
                    second.jdbc(),
                    () -> stream(second.bulk(), data, half, data.rows, importId)));
            long one = inTenant(transactions, jdbc, () -> stream(bulk, data, 0, half, importId));
            count = one + other.join();
        }
        if (count != data.rows || published.get() != data.rows) {
            throw new IllegalStateException("Moat's bulk load did not insert every row: " + count + " inserted, "
                    + published.get() + " published");
        }
    }

    /** Rows {@code from} to {@code to} through one writer, in slices of {@link #SLICE}; returns how many were inserted. */
    private long stream(BulkOrderLoad writer, B3Data data, int from, int to, long importId) {
        long count = 0;
        for (int start = from; start < to; start += SLICE) {
            int end = Math.min(to, start + SLICE);
            List<OrderRecord> slice = orders.isEmpty() ? records(data, start, end) : orders.subList(start, end);
            BulkOutcome outcome = writer.record(TENANT, slice, importId);
            if (!outcome.rejected().isEmpty()) {
                throw new IllegalStateException(outcome.rejected().size() + " orders rejected");
            }
            List<Result> results = outcome.batch().results();
            for (int i = 0; i < results.size(); i++) {
                if (results.get(i) == Result.INSERTED) {
                    inserted[start + i] = true;
                    count++;
                }
            }
        }
        return count;
    }

    @Override
    public void profile() {
        if (viaBatch) {
            inTenant(() -> jdbc.sql(PROFILE).param(run).update());
            return;
        }
        // The bulk path knows which orders it inserted, so the per-customer aggregate is taken in memory from them
        // (by the buyer id each record carried, from the same arrays) and applied with one statement, one row per
        // customer, as Moat's linking does per batch.
        int customers = 0;
        Map<String, Integer> slots = new HashMap<>();
        int capacity = data.customers + 1;
        long[] customer = new long[capacity];
        long[] count = new long[capacity];
        long[] spent = new long[capacity];
        long[] last = new long[capacity];
        for (int i = 0; i < inserted.length; i++) {
            if (!inserted[i]) {
                continue;
            }
            String buyer = Long.toString(data.customer[i]);
            Integer at = slots.get(buyer);
            if (at == null) {
                at = customers++;
                slots.put(buyer, at);
                customer[at] = Long.parseLong(buyer);
            }
            count[at]++;
            spent[at] += data.amount[i];
            last[at] = Math.max(last[at], data.epochSecond[i] * 1000);
        }
        int n = customers;
        inTenant(() -> jdbc.sql(PROFILE_FROM_ARRAYS)
                .param(Arrays.copyOf(customer, n))
                .param(Arrays.copyOf(count, n))
                .param(Arrays.copyOf(spent, n))
                .param(Arrays.stream(Arrays.copyOf(last, n))
                        .mapToObj(ms -> Instant.ofEpochMilli(ms).toString())
                        .toArray(String[]::new))
                .update());
    }

    @Override
    public Cardinality cardinality() throws Exception {
        try (Connection connection = db.owner("");
                Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("select (select count(*) from commerce.orders),"
                        + " (select count(*) from commerce.order_line), (select count(*) from bench.b3_profile),"
                        + " (select coalesce(sum(spent_fen), 0) from bench.b3_profile)")) {
            row.next();
            return new Cardinality(row.getLong(1), row.getLong(2), row.getLong(3), row.getLong(4));
        }
    }

    private <T> T inTenant(java.util.function.Supplier<T> work) {
        return inTenant(transactions, jdbc, work);
    }

    private static <T> T inTenant(
            TransactionTemplate transactions, JdbcClient jdbc, java.util.function.Supplier<T> work) {
        return transactions.execute(status -> {
            jdbc.sql("select set_config('moat.tenant_id', ?, true)")
                    .param(TENANT.toString())
                    .query()
                    .singleValue();
            return work.get();
        });
    }

    private static List<OrderRecord> records(B3Data data, int from, int to) {
        List<OrderRecord> records = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            Instant time = Instant.ofEpochSecond(data.epochSecond[i]);
            long amount = data.amount[i];
            String sku = data.sku(i);
            records.add(new OrderRecord(
                    Platform.ofCode(data.channel(i)).orElseThrow(),
                    Long.toString(data.id[i]),
                    OrderStatus.PAID,
                    time,
                    time,
                    null,
                    null,
                    amount,
                    amount,
                    0,
                    0,
                    new Buyer(null, Long.toString(data.customer[i]), null, null, null),
                    null,
                    null,
                    List.of(new OrderLine(sku, sku, 1, amount, amount))));
        }
        return records;
    }

    private static <T> T construct(Class<T> type, Class<?>[] parameters, Object... arguments) throws Exception {
        var constructor = type.getDeclaredConstructor(parameters);
        constructor.setAccessible(true);
        return constructor.newInstance(arguments);
    }
}
