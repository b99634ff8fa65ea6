package io.moat.customers.value;

/**
 * Keeps every buyer's recency, frequency and monetary value in primitive columns indexed by the customer's dense
 * number, and scores all buyers by the quintiles of {@link RfmScoring#quintiles} without boxing or sorting.
 *
 * <p>Orders are kept too (customer, paid day, net amount, and a per-customer chain), so that {@link #apply} can take
 * any order's current state: a new order, or a refund that lowers an order's net amount. An order counts while its
 * net amount is above zero; when a refund stops the customer's latest counting order from counting, the chain gives
 * the latest one left. Not thread-safe: one writer, and scoring between writes.
 *
 * <p>The first batch of a new engine (loading a workspace's orders when the process starts) is built by
 * {@link FirstBatch}, bucket by bucket of customers and on two threads, with the same outcome as applying its rows
 * one by one; its orders are then found per customer through an index rather than the chain. A first batch that
 * names an order twice is applied row by row instead.
 */
public final class RfmEngine {

    private static final int NONE = OrderLog.NONE;
    private static final int NO_DAY = CustomerColumns.NO_DAY;

    /** Below this many rows a first batch is built on the calling thread alone. */
    private static final int TWO_THREADS_FROM = 1 << 17;

    private final int twoThreadsFrom;
    private final int bucketShift;
    private OrderLog orders = new OrderLog();
    private FirstBatch.Index firstBatch = FirstBatch.Index.EMPTY;
    private CustomerColumns customers = new CustomerColumns();
    private int buyers;
    private boolean empty = true;

    public RfmEngine() {
        this(
                Runtime.getRuntime().availableProcessors() > 1 ? TWO_THREADS_FROM : Integer.MAX_VALUE,
                FirstBatch.BUCKET_SHIFT);
    }

    /**
     * For tests: builds a first batch of at least {@code twoThreadsFrom} rows on two threads, in buckets of
     * 2^{@code bucketShift} customers.
     */
    RfmEngine(int twoThreadsFrom, int bucketShift) {
        this.twoThreadsFrom = twoThreadsFrom;
        this.bucketShift = bucketShift;
    }

    /** Takes each order's current state: adds orders not seen before, and applies refunds to known ones. */
    public void apply(OrderStates batch) {
        if (batch.size() == 0) {
            return;
        }
        if (empty) {
            boolean built = build(batch);
            empty = false;
            if (built) {
                return;
            }
        }
        int maxOrder = -1;
        int maxCustomer = -1;
        for (int i = 0; i < batch.size(); i++) {
            maxOrder = Math.max(maxOrder, batch.orderNo()[i]);
            maxCustomer = Math.max(maxCustomer, batch.customerNo()[i]);
        }
        orders.ensure(maxOrder + 1);
        customers.ensure(maxCustomer + 1);
        for (int i = 0; i < batch.size(); i++) {
            apply(batch.orderNo()[i], batch.customerNo()[i], batch.paidDay()[i], batch.netFen()[i]);
        }
    }

    private void apply(int order, int customer, int day, long net) {
        if (order < 0 || customer < 0) {
            throw new IllegalArgumentException("order and customer numbers start at 0");
        }
        long old = 0;
        if (!orders.known(order)) {
            orders.add(order, customer, day, customers.latestOrder(customer));
            customers.latestOrder(customer, order);
        } else if (orders.customer(order) != customer || orders.day(order) != day) {
            throw new IllegalArgumentException("order " + order + " keeps its customer and paid day");
        } else {
            old = orders.net(order);
        }
        orders.net(order, net);
        boolean counted = old > 0;
        boolean counts = net > 0;
        customers.addSpend(customer, (counts ? net : 0) - (counted ? old : 0));
        if (counts != counted) {
            count(customer, day, counts);
        }
    }

    /** Builds a new engine from its first batch; false, leaving the engine empty, if the batch names an order twice. */
    private boolean build(OrderStates batch) {
        FirstBatch.Built built = FirstBatch.build(batch, orders, customers, bucketShift, twoThreadsFrom);
        if (built == null) {
            orders = new OrderLog();
            customers = new CustomerColumns();
            return false;
        }
        firstBatch = built.index();
        buyers = built.buyers();
        return true;
    }

    /** An order of {@code customer} paid on {@code day} starts or stops counting. */
    private void count(int customer, int day, boolean starts) {
        int frequency = customers.frequency(customer);
        int last = customers.lastDay(customer);
        if (starts) {
            buyers += frequency == 0 ? 1 : 0;
            customers.lastDayAndFrequency(customer, Math.max(last, day), frequency + 1);
        } else if (frequency == 1) {
            buyers--;
            customers.lastDayAndFrequency(customer, NO_DAY, 0);
        } else {
            customers.lastDayAndFrequency(customer, day == last ? latestCountingDay(customer) : last, frequency - 1);
        }
    }

    /**
     * Called after the order at hand stopped counting, so its net amount is no longer above zero. The customer's
     * orders are those of the first batch (indexed) and the chain of those applied since.
     */
    private int latestCountingDay(int customer) {
        int latest = NO_DAY;
        for (int o = customers.latestOrder(customer); o != NONE; o = orders.previous(o)) {
            if (orders.net(o) > 0) {
                latest = Math.max(latest, orders.day(o));
            }
        }
        if (customer < firstBatch.customers()) {
            int[] index = firstBatch.orders();
            for (int k = firstBatch.start()[customer]; k < firstBatch.start()[customer + 1]; k++) {
                int o = index[k];
                if (orders.net(o) > 0) {
                    latest = Math.max(latest, orders.day(o));
                }
            }
        }
        return latest;
    }

    /** Scores every buyer by quintiles, exactly as {@link RfmScoring#quintiles} would. */
    public RfmTable score() {
        return RfmTable.score(customers, buyers);
    }

    public int buyers() {
        return buyers;
    }

    /** One more than the highest customer number seen. */
    public int customers() {
        return customers.size();
    }

    public boolean isBuyer(int customer) {
        return customer < customers.size() && customers.frequency(customer) > 0;
    }

    /** Days from the last counting order to {@code todayEpochDay}; only for buyers. */
    public long recencyDays(int customer, long todayEpochDay) {
        if (!isBuyer(customer)) {
            throw new IllegalArgumentException("customer " + customer + " has no counting order");
        }
        return todayEpochDay - customers.lastDay(customer);
    }

    public int frequency(int customer) {
        return customer < customers.size() ? customers.frequency(customer) : 0;
    }

    public long netFen(int customer) {
        return customer < customers.size() ? customers.spend(customer) : 0;
    }
}
