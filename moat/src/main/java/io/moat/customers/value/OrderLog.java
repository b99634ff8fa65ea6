package io.moat.customers.value;

import java.util.Arrays;

/**
 * Every order {@link RfmEngine} has seen, in pages of 65,536 so that growing never copies: its buyer, paid day, net
 * amount, and for orders applied after the engine's first batch the buyer's previous such order (a chain from the
 * buyer's latest order back to the first one after that batch; a page of the chain is made when first needed, so
 * the first batch's orders take 16 bytes each).
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
        if (previous[p] == null) {
            previous[p] = new int[PAGE];
        }
        previous[p][i] = previousOrder;
    }

    /**
     * Records an order not seen yet with its net amount but no previous order (an order of the engine's first batch,
     * which is found through the engine's index of that batch); false, changing nothing, if the order is known.
     */
    boolean addFirst(int order, int customer, int paidDay, long netFen) {
        int p = order >>> SHIFT;
        int i = order & MASK;
        int[] buyers = customerPlusOne[p];
        if (buyers[i] != 0) {
            return false;
        }
        buyers[i] = customer + 1;
        day[p][i] = paidDay;
        net[p][i] = netFen;
        return true;
    }

    /** How many orders numbered in [from, to) are known. */
    int knownBetween(int from, int to) {
        int known = 0;
        for (int o = from; o < to; o++) {
            known += customerPlusOne[o >>> SHIFT][o & MASK] != 0 ? 1 : 0;
        }
        return known;
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
