package io.moat.customers.value;

import java.util.Arrays;

/**
 * Every order {@link RfmEngine} has seen, in pages of 65,536 so that growing never copies: its buyer, paid day, net
 * amount, and the buyer's previous order (a chain from the buyer's latest order back to the first).
 */
final class OrderLog {

    static final int NONE = -1;
    private static final int SHIFT = 16;
    private static final int PAGE = 1 << SHIFT;
    private static final int MASK = PAGE - 1;

    /** Buyer number plus one; 0 marks an order not seen yet. */
    private int[][] customerPlusOne = new int[0][];

    private int[][] day = new int[0][];
    private long[][] net = new long[0][];
    private int[][] previous = new int[0][];

    /** Makes room for orders numbered below {@code orders}. */
    void ensure(int orders) {
        int pages = (int) (((long) orders + PAGE - 1) >>> SHIFT);
        int had = day.length;
        if (pages <= had) {
            return;
        }
        customerPlusOne = Arrays.copyOf(customerPlusOne, pages);
        day = Arrays.copyOf(day, pages);
        net = Arrays.copyOf(net, pages);
        previous = Arrays.copyOf(previous, pages);
        for (int p = had; p < pages; p++) {
            customerPlusOne[p] = new int[PAGE];
            day[p] = new int[PAGE];
            net[p] = new long[PAGE];
            previous[p] = new int[PAGE];
        }
    }

    boolean known(int order) {
        return customerPlusOne[order >>> SHIFT][order & MASK] != 0;
    }

    void add(int order, int customer, int paidDay, int previousOrder) {
        int p = order >>> SHIFT;
        int i = order & MASK;
        customerPlusOne[p][i] = customer + 1;
        day[p][i] = paidDay;
        previous[p][i] = previousOrder;
    }

    int customer(int order) {
        return customerPlusOne[order >>> SHIFT][order & MASK] - 1;
    }

    int day(int order) {
        return day[order >>> SHIFT][order & MASK];
    }

    long net(int order) {
        return net[order >>> SHIFT][order & MASK];
    }

    void net(int order, long netFen) {
        net[order >>> SHIFT][order & MASK] = netFen;
    }

    int previous(int order) {
        return previous[order >>> SHIFT][order & MASK];
    }
}
