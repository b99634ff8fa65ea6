package io.moat.customers.value;

import java.util.Arrays;

/**
 * Builds {@link RfmEngine}'s state from its first batch (a workspace's orders loaded when the process starts), with
 * the same outcome as applying the rows one by one but at the speed of the machine's memory rather than of its
 * cache misses: applying rows in order updates a random customer's columns per row, which for a million customers
 * (24 MB of columns) is a miss to main memory each. Instead the rows are first copied, in one sequential pass, into
 * buckets of 2^{@code bucketShift} consecutive customers (16,384 by default: 384 KB of columns, which stay in cache),
 * and each bucket is then aggregated on its own. Sorting a bucket's rows by customer (a counting pass, not a sort)
 * gives the index of the first batch's orders per customer that refunds need to find a customer's latest counting
 * order; later orders are chained per customer by the engine itself. Large batches run on two threads: halves of
 * the rows for the copy, halves of the buckets for the aggregation, which touch disjoint memory.
 */
final class FirstBatch {

    static final int BUCKET_SHIFT = 14;

    /**
     * The first batch's orders grouped by customer: customer {@code c}'s are {@code orders[start[c]]} up to (not
     * including) {@code orders[start[c + 1]]}, in row order; customers numbered from {@code start.length - 1} on have
     * none.
     */
    record Index(int[] orders, int[] start) {

        static final Index EMPTY = new Index(new int[0], new int[] {0});

        int customers() {
            return start.length - 1;
        }
    }

    /** The outcome: the index and the number of buyers, or {@code null} when the batch names an order twice. */
    record Built(Index index, int buyers) {}

    private final OrderStates batch;
    private final OrderLog orders;
    private final CustomerColumns customers;
    private final int shift;
    private final boolean twoThreads;

    private FirstBatch(
            OrderStates batch, OrderLog orders, CustomerColumns customers, int bucketShift, boolean twoThreads) {
        this.batch = batch;
        this.orders = orders;
        this.customers = customers;
        this.shift = bucketShift;
        this.twoThreads = twoThreads;
    }

    /**
     * Adds the batch to empty {@code orders} and {@code customers}; null if the batch names an order twice (then
     * both hold part of the batch and must be thrown away).
     *
     * @throws IllegalArgumentException for a negative order or customer number, before anything is written
     */
    static Built build(
            OrderStates batch, OrderLog orders, CustomerColumns customers, int bucketShift, int twoThreadsFrom) {
        return new FirstBatch(batch, orders, customers, bucketShift, batch.size() >= twoThreadsFrom).build();
    }

    /** What a pass over one half of the rows found: the highest numbers and the rows per bucket. */
    private static final class Half {
        final int from;
        final int to;
        int maxOrder = -1;
        int maxCustomer = -1;
        int[] rowsPerBucket = new int[1];
        boolean repeated;

        Half(int from, int to) {
            this.from = from;
            this.to = to;
        }
    }

    private Built build() {
        int n = batch.size();
        int middle = twoThreads ? n / 2 : n;
        Half first = new Half(0, middle);
        Half second = new Half(middle, n);
        both(() -> measure(first), () -> measure(second));
        int maxOrder = Math.max(first.maxOrder, second.maxOrder);
        int size = Math.max(first.maxCustomer, second.maxCustomer) + 1;
        int buckets = (Math.max(size, 1) - 1 >>> shift) + 1;
        orders.ensure(maxOrder + 1);
        customers.ensure(size);

        int[] bucketStart = new int[buckets + 1];
        int[] firstCursor = new int[buckets];
        int[] secondCursor = new int[buckets];
        for (int b = 0; b < buckets; b++) {
            int a = rows(first, b);
            firstCursor[b] = bucketStart[b];
            secondCursor[b] = bucketStart[b] + a;
            bucketStart[b + 1] = bucketStart[b] + a + rows(second, b);
        }
        long[] rows = new long[3 * n];
        both(() -> copy(first, firstCursor, rows), () -> copy(second, secondCursor, rows));
        if (first.repeated || second.repeated || (twoThreads && knownOrders(maxOrder + 1) != n)) {
            return null;
        }

        int[] byCustomer = new int[n];
        int[] start = new int[size + 1];
        start[size] = n;
        int split = splitBucket(bucketStart, buckets, n);
        int[] buyers = new int[2];
        both(
                () -> buyers[0] = aggregate(0, split, bucketStart, rows, byCustomer, start),
                () -> buyers[1] = aggregate(split, buckets, bucketStart, rows, byCustomer, start));
        return new Built(new Index(byCustomer, start), buyers[0] + buyers[1]);
    }

    private static int rows(Half half, int bucket) {
        return bucket < half.rowsPerBucket.length ? half.rowsPerBucket[bucket] : 0;
    }

    private void measure(Half half) {
        int[] orderNo = batch.orderNo();
        int[] customerNo = batch.customerNo();
        int[] perBucket = half.rowsPerBucket;
        int maxOrder = -1;
        int maxCustomer = -1;
        for (int i = half.from; i < half.to; i++) {
            int order = orderNo[i];
            int customer = customerNo[i];
            if (order < 0 || customer < 0) {
                throw new IllegalArgumentException("order and customer numbers start at 0");
            }
            maxOrder = Math.max(maxOrder, order);
            maxCustomer = Math.max(maxCustomer, customer);
            int bucket = customer >>> shift;
            if (bucket >= perBucket.length) {
                perBucket = Arrays.copyOf(perBucket, Math.max(bucket + 1, 2 * perBucket.length));
            }
            perBucket[bucket]++;
        }
        half.maxOrder = maxOrder;
        half.maxCustomer = maxCustomer;
        half.rowsPerBucket = perBucket;
    }

    /**
     * Records the half's orders in the log and copies each row (customer and order, paid day, net amount) to the
     * next place of its bucket; stops at an order already known.
     */
    private void copy(Half half, int[] cursor, long[] rows) {
        int[] orderNo = batch.orderNo();
        int[] customerNo = batch.customerNo();
        int[] paidDay = batch.paidDay();
        long[] netFen = batch.netFen();
        for (int i = half.from; i < half.to; i++) {
            int order = orderNo[i];
            int customer = customerNo[i];
            int day = paidDay[i];
            long net = netFen[i];
            if (!orders.addFirst(order, customer, day, net)) {
                half.repeated = true;
                return;
            }
            int at = 3 * cursor[customer >>> shift]++;
            rows[at] = ((long) customer << 32) | (order & 0xFFFF_FFFFL);
            rows[at + 1] = day;
            rows[at + 2] = net;
        }
    }

    /** Two halves may each have taken the same number as new; then fewer numbers are known than there are rows. */
    private int knownOrders(int numbers) {
        int middle = numbers / 2;
        int[] known = new int[2];
        both(() -> known[0] = orders.knownBetween(0, middle), () -> known[1] = orders.knownBetween(middle, numbers));
        return known[0] + known[1];
    }

    /** The first bucket of the second thread's share: about half of the rows before it. */
    private int splitBucket(int[] bucketStart, int buckets, int n) {
        if (!twoThreads) {
            return buckets;
        }
        int split = 0;
        while (split < buckets && bucketStart[split + 1] <= n / 2) {
            split++;
        }
        return split;
    }

    /**
     * Aggregates the rows of buckets [from, to) into their customers' columns and writes their orders grouped by
     * customer into the same places of {@code byCustomer}; returns how many of those customers are buyers.
     */
    private int aggregate(int from, int to, int[] bucketStart, long[] rows, int[] byCustomer, int[] start) {
        int size = start.length - 1;
        int[] next = new int[1 << shift];
        int buyers = 0;
        for (int b = from; b < to; b++) {
            int firstCustomer = b << shift;
            int customersHere = Math.min(size - firstCustomer, 1 << shift);
            int rowFrom = bucketStart[b];
            int rowTo = bucketStart[b + 1];
            Arrays.fill(next, 0, customersHere, 0);
            for (int r = rowFrom; r < rowTo; r++) {
                int customer = (int) (rows[3 * r] >>> 32);
                next[customer - firstCustomer]++;
                long net = rows[3 * r + 2];
                if (net > 0) {
                    customers.addCounting(customer, (int) rows[3 * r + 1], net);
                }
            }
            int at = rowFrom;
            for (int k = 0; k < customersHere; k++) {
                int count = next[k];
                start[firstCustomer + k] = at;
                next[k] = at;
                at += count;
                buyers += customers.frequency(firstCustomer + k) > 0 ? 1 : 0;
            }
            for (int r = rowFrom; r < rowTo; r++) {
                long customerAndOrder = rows[3 * r];
                byCustomer[next[(int) (customerAndOrder >>> 32) - firstCustomer]++] = (int) customerAndOrder;
            }
        }
        return buyers;
    }

    /** Runs both, the second on a thread of its own when the batch is large enough. */
    private void both(Runnable first, Runnable second) {
        if (!twoThreads) {
            first.run();
            second.run();
            return;
        }
        Throwable[] failed = new Throwable[1];
        Thread other = Thread.ofPlatform().name("rfm-first-batch").start(() -> {
            try {
                second.run();
            } catch (RuntimeException | Error e) {
                failed[0] = e;
            }
        });
        try {
            first.run();
        } finally {
            try {
                other.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while loading the first batch", e);
            }
        }
        if (failed[0] instanceof RuntimeException e) {
            throw e;
        } else if (failed[0] instanceof Error e) {
            throw e;
        }
    }
}
