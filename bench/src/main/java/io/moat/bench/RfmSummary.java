package io.moat.bench;

import java.util.Arrays;

/**
 * What every B5 peer must agree on: buyers, counting orders, net spend, the sum of last-order days, buyers per score
 * in each dimension, buyers per segment (bits: recency high 4, frequency high 2, monetary high 1) and a checksum of
 * every buyer's scores, Σ customer × ((r−1)·25 + (f−1)·5 + m).
 */
final class RfmSummary {

    long buyers;
    long countingOrders;
    long netFen;
    long lastDaySum;
    final long[][] byScore = new long[3][6];
    final long[] bySegment = new long[8];
    long checksum;

    void aggregate(long buyers, long countingOrders, long netFen, long lastDaySum) {
        this.buyers = buyers;
        this.countingOrders = countingOrders;
        this.netFen = netFen;
        this.lastDaySum = lastDaySum;
    }

    /** Adds {@code count} buyers scored (r, f, m) whose customer numbers add up to {@code customerSum}. */
    void scored(int r, int f, int m, long count, long customerSum) {
        byScore[0][r] += count;
        byScore[1][f] += count;
        byScore[2][m] += count;
        bySegment[(r >= 3 ? 4 : 0) | (f >= 3 ? 2 : 0) | (m >= 3 ? 1 : 0)] += count;
        checksum += customerSum * ((r - 1) * 25L + (f - 1) * 5L + m);
    }

    /** Throws unless {@code other} agrees in every figure. */
    void requireSame(RfmSummary other, String peer) {
        if (!toString().equals(other.toString())) {
            throw new IllegalStateException("B5 cardinalities differ between Moat and " + peer + ":\n  Moat: " + this
                    + "\n  " + peer + ": " + other);
        }
    }

    @Override
    public String toString() {
        return "buyers=" + buyers + " countingOrders=" + countingOrders + " netFen=" + netFen + " lastDaySum="
                + lastDaySum + " R=" + Arrays.toString(Arrays.copyOfRange(byScore[0], 1, 6)) + " F="
                + Arrays.toString(Arrays.copyOfRange(byScore[1], 1, 6)) + " M="
                + Arrays.toString(Arrays.copyOfRange(byScore[2], 1, 6)) + " segments=" + Arrays.toString(bySegment)
                + " checksum=" + checksum;
    }
}
