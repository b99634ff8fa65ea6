package io.moat.customers.value;

/**
 * Every buyer's RFM scores and segment, indexed by the customer's dense number; customers without a counting order
 * have none. Made by {@link RfmEngine#score()}.
 */
public final class RfmTable {

    private static final RfmSegment[] SEGMENTS = RfmSegment.values();
    /** Segment ordinal by (recency high, frequency high, monetary high) bits, as {@link RfmScores#segment()} has it. */
    private static final byte[] SEGMENT_BY_BITS = new byte[8];

    static {
        for (int bits = 0; bits < 8; bits++) {
            RfmScores s = new RfmScores((bits & 4) != 0 ? 3 : 1, (bits & 2) != 0 ? 3 : 1, (bits & 1) != 0 ? 3 : 1);
            SEGMENT_BY_BITS[bits] = (byte) s.segment().ordinal();
        }
    }

    private final byte[] recency;
    private final byte[] frequency;
    private final byte[] monetary;
    private final byte[] segment;
    private final int buyers;

    private RfmTable(byte[] recency, byte[] frequency, byte[] monetary, byte[] segment, int buyers) {
        this.recency = recency;
        this.frequency = frequency;
        this.monetary = monetary;
        this.segment = segment;
        this.buyers = buyers;
    }

    static RfmTable score(CustomerColumns columns, int buyers) {
        int customers = columns.size();
        long[] days = new long[buyers];
        long[] counts = new long[buyers];
        long[] money = new long[buyers];
        long[] min = {Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE};
        long[] max = {Long.MIN_VALUE, Long.MIN_VALUE, Long.MIN_VALUE};
        int n = 0;
        for (int c = 0; c < customers; c++) {
            int frequency = columns.frequency(c);
            if (frequency > 0) {
                days[n] = columns.lastDay(c);
                counts[n] = frequency;
                money[n] = columns.spend(c);
                n++;
            }
        }
        for (int i = 0; i < n; i++) {
            min[0] = Math.min(min[0], days[i]);
            max[0] = Math.max(max[0], days[i]);
            min[1] = Math.min(min[1], counts[i]);
            max[1] = Math.max(max[1], counts[i]);
            min[2] = Math.min(min[2], money[i]);
            max[2] = Math.max(max[2], money[i]);
        }
        var table = new RfmTable(new byte[customers], new byte[customers], new byte[customers], new byte[customers], n);
        if (n == 0) {
            return table;
        }
        long[] r = QuintileCuts.of(days, n, min[0], max[0]);
        long[] f = QuintileCuts.of(counts, n, min[1], max[1]);
        long[] m = QuintileCuts.of(money, n, min[2], max[2]);
        for (int c = 0; c < customers; c++) {
            int frequency = columns.frequency(c);
            if (frequency > 0) {
                int rs = QuintileCuts.score(columns.lastDay(c), r);
                int fs = QuintileCuts.score(frequency, f);
                int ms = QuintileCuts.score(columns.spend(c), m);
                table.recency[c] = (byte) rs;
                table.frequency[c] = (byte) fs;
                table.monetary[c] = (byte) ms;
                int bits = (rs >= 3 ? 4 : 0) | (fs >= 3 ? 2 : 0) | (ms >= 3 ? 1 : 0);
                table.segment[c] = SEGMENT_BY_BITS[bits];
            }
        }
        return table;
    }

    public int buyers() {
        return buyers;
    }

    public boolean isBuyer(int customer) {
        return customer < recency.length && recency[customer] != 0;
    }

    public RfmScores scores(int customer) {
        requireBuyer(customer);
        return new RfmScores(recency[customer], frequency[customer], monetary[customer]);
    }

    public RfmSegment segment(int customer) {
        requireBuyer(customer);
        return SEGMENTS[segment[customer]];
    }

    /** Buyers per score 1..5 (index 0 unused), for recency, frequency and monetary in that order. */
    public int[][] countsByScore() {
        int[][] counts = new int[3][6];
        for (int c = 0; c < recency.length; c++) {
            counts[0][recency[c]]++;
            counts[1][frequency[c]]++;
            counts[2][monetary[c]]++;
        }
        for (int[] dimension : counts) {
            dimension[0] = 0;
        }
        return counts;
    }

    /** Buyers per segment, by {@link RfmSegment#ordinal()}. */
    public int[] countsBySegment() {
        int[] counts = new int[SEGMENTS.length];
        for (int c = 0; c < segment.length; c++) {
            if (recency[c] != 0) {
                counts[segment[c]]++;
            }
        }
        return counts;
    }

    private void requireBuyer(int customer) {
        if (!isBuyer(customer)) {
            throw new IllegalArgumentException("customer " + customer + " has no counting order");
        }
    }
}
