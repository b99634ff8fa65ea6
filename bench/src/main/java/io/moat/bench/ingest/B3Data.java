package io.moat.bench.ingest;

import java.time.Instant;
import java.util.SplittableRandom;

/**
 * B3's order rows, generated once from a seed and shared by every peer: id, customer, time, amount (fen), sku,
 * channel. Ids are unique (no duplicates, so every peer must end with exactly {@code rows} rows); there are
 * {@code rows / 10} customers.
 */
final class B3Data {

    static final String[] CHANNELS = {"taobao", "tmall", "jd", "douyin", "youzan", "pdd"};
    static final long START = Instant.parse("2025-01-01T00:00:00Z").getEpochSecond();
    static final int YEAR_SECONDS = 365 * 24 * 3600;

    final int rows;
    final int customers;
    final long[] id;
    final long[] customer;
    final long[] epochSecond;
    final long[] amount;
    final short[] sku;
    final byte[] channel;
    final String[] skus = new String[10_000];

    B3Data(int rows, long seed) {
        this.rows = rows;
        this.customers = Math.max(1, rows / 10);
        id = new long[rows];
        customer = new long[rows];
        epochSecond = new long[rows];
        amount = new long[rows];
        sku = new short[rows];
        channel = new byte[rows];
        for (int i = 0; i < skus.length; i++) {
            skus[i] = "SKU-" + (100_000 + i);
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < rows; i++) {
            id[i] = 1_000_000_000L + i;
            customer[i] = 1 + random.nextInt(customers);
            epochSecond[i] = START + random.nextInt(YEAR_SECONDS);
            amount[i] = 100 + random.nextInt(200_000);
            sku[i] = (short) random.nextInt(skus.length);
            channel[i] = (byte) random.nextInt(CHANNELS.length);
        }
    }

    String sku(int i) {
        return skus[sku[i]];
    }

    String channel(int i) {
        return CHANNELS[channel[i]];
    }

    long distinctCustomers() {
        boolean[] seen = new boolean[customers + 1];
        long distinct = 0;
        for (long c : customer) {
            if (!seen[(int) c]) {
                seen[(int) c] = true;
                distinct++;
            }
        }
        return distinct;
    }
}
