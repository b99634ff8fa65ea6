package io.moat.customers.value;

import java.util.Arrays;

/**
 * Each customer's aggregates, interleaved in one array (three longs a customer: net spend; last counting day and
 * counting orders; latest order) so that applying an order touches one or two cache lines rather than four.
 */
final class CustomerColumns {

    static final int NO_DAY = Integer.MIN_VALUE;
    private static final int STRIDE = 3;
    private static final long EMPTY_DAY_AND_COUNT = (long) NO_DAY << 32;

    private long[] columns = new long[0];
    private int size;

    int size() {
        return size;
    }

    void ensure(int customers) {
        if (customers <= size) {
            return;
        }
        int capacity = columns.length / STRIDE;
        if (customers > capacity) {
            int grown =
                    (int) Math.min((Integer.MAX_VALUE - 8) / STRIDE, Math.max(customers, capacity + (capacity >> 1)));
            columns = Arrays.copyOf(columns, grown * STRIDE);
            for (int c = capacity; c < grown; c++) {
                columns[c * STRIDE + 1] = EMPTY_DAY_AND_COUNT;
                columns[c * STRIDE + 2] = OrderLog.NONE;
            }
        }
        size = customers;
    }

    long spend(int customer) {
        return columns[customer * STRIDE];
    }

    void addSpend(int customer, long fen) {
        columns[customer * STRIDE] += fen;
    }

    int lastDay(int customer) {
        return (int) (columns[customer * STRIDE + 1] >> 32);
    }

    int frequency(int customer) {
        return (int) columns[customer * STRIDE + 1];
    }

    void lastDayAndFrequency(int customer, int lastDay, int frequency) {
        columns[customer * STRIDE + 1] = ((long) lastDay << 32) | (frequency & 0xFFFF_FFFFL);
    }

    /** A counting order paid on {@code day} with {@code netFen}: adds to spend and frequency, moves the last day. */
    void addCounting(int customer, int day, long netFen) {
        int at = customer * STRIDE;
        columns[at] += netFen;
        long dayAndCount = columns[at + 1];
        int last = (int) (dayAndCount >> 32);
        columns[at + 1] = ((long) Math.max(last, day) << 32) | ((dayAndCount + 1) & 0xFFFF_FFFFL);
    }

    int buyersBetween(int from, int to) {
        int buyers = 0;
        for (int c = from; c < to; c++) {
            buyers += frequency(c) > 0 ? 1 : 0;
        }
        return buyers;
    }

    int latestOrder(int customer) {
        return (int) columns[customer * STRIDE + 2];
    }

    void latestOrder(int customer, int order) {
        columns[customer * STRIDE + 2] = order;
    }
}
