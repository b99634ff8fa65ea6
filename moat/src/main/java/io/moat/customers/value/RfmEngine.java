package io.moat.customers.value;

/**
 * Keeps every buyer's recency, frequency and monetary value in primitive columns indexed by the customer's dense
 * number, and scores all buyers by the quintiles of {@link RfmScoring#quintiles} without boxing or sorting.
 *
 * <p>Orders are kept too (customer, paid day, net amount, and a per-customer chain), so that {@link #apply} can take
 * any order's current state: a new order, or a refund that lowers an order's net amount. An order counts while its
 * net amount is above zero; when a refund stops the customer's latest counting order from counting, the chain gives
 * the latest one left. Not thread-safe: one writer, and scoring between writes.
 */
public final class RfmEngine {

    private static final int NONE = OrderLog.NONE;
    private static final int NO_DAY = CustomerColumns.NO_DAY;

    private final OrderLog orders = new OrderLog();
    private final CustomerColumns customers = new CustomerColumns();
    private int buyers;

    /** Takes each order's current state: adds orders not seen before, and applies refunds to known ones. */
    public void apply(OrderStates batch) {
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

    /** Called after the order at hand stopped counting, so its net amount is no longer above zero. */
    private int latestCountingDay(int customer) {
        int latest = NO_DAY;
        for (int o = customers.latestOrder(customer); o != NONE; o = orders.previous(o)) {
            if (orders.net(o) > 0) {
                latest = Math.max(latest, orders.day(o));
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
