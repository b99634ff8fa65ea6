package io.moat.customers.value;

import java.util.Arrays;

/**
 * Scores a workspace's buyers by quintiles: each buyer's recency (days since the last counting order; fewer is
 * better), frequency (counting orders) and monetary value (net spend) is ranked against all buyers, and the rank's
 * fifth is the score. Ties share the score of their first position, so equal buyers always score alike. Fixed
 * thresholds can replace quintiles per workspace ({@link Thresholds}).
 */
public final class RfmScoring {

    private RfmScoring() {}

    /**
     * Per-dimension cut points, four each: a buyer scores 1 plus the number of cuts passed. Frequency and money pass
     * a cut at or above it; recency passes a cut at or below it (e.g. {180, 90, 30, 7} days).
     */
    public record Thresholds(long[] recencyDays, long[] frequency, long[] monetaryFen) {}

    /** Scores every buyer; the arrays are indexed alike, one entry per buyer. */
    public static RfmScores[] quintiles(long[] recencyDays, long[] frequency, long[] monetaryFen) {
        int n = recencyDays.length;
        if (frequency.length != n || monetaryFen.length != n) {
            throw new IllegalArgumentException("one recency, frequency and monetary value per buyer");
        }
        int[] r = rankScores(recencyDays, true);
        int[] f = rankScores(frequency, false);
        int[] m = rankScores(monetaryFen, false);
        RfmScores[] scores = new RfmScores[n];
        for (int i = 0; i < n; i++) {
            scores[i] = new RfmScores(r[i], f[i], m[i]);
        }
        return scores;
    }

    public static RfmScores byThresholds(long recencyDays, long frequency, long monetaryFen, Thresholds thresholds) {
        return new RfmScores(
                1 + cutsPassed(-recencyDays, negate(thresholds.recencyDays())),
                1 + cutsPassed(frequency, thresholds.frequency()),
                1 + cutsPassed(monetaryFen, thresholds.monetaryFen()));
    }

    /** Score 1..5 by position in ascending order (descending when lower is better); ties take the lowest position. */
    static int[] rankScores(long[] values, boolean lowerIsBetter) {
        int n = values.length;
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int[] scores = new int[n];
        for (int i = 0; i < n; i++) {
            int below = lowerBound(sorted, values[i]);
            int position = lowerIsBetter ? n - upperBound(sorted, values[i]) : below;
            scores[i] = 1 + (int) ((long) position * 5 / n);
        }
        return scores;
    }

    private static int cutsPassed(long value, long[] cuts) {
        int passed = 0;
        for (long cut : cuts) {
            if (value >= cut) {
                passed++;
            }
        }
        return Math.min(passed, 4);
    }

    private static long[] negate(long[] values) {
        return Arrays.stream(values).map(v -> -v).toArray();
    }

    private static int lowerBound(long[] sorted, long value) {
        int low = 0;
        int high = sorted.length;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (sorted[mid] < value) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    private static int upperBound(long[] sorted, long value) {
        int low = 0;
        int high = sorted.length;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (sorted[mid] <= value) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }
}
