package io.moat.customers.value;

/**
 * The four values that split buyers into quintile scores. With {@code n} buyers, a buyer's position is the number of
 * buyers with a strictly lower value, and the score is {@code 1 + ⌊5 × position / n⌋}. That score passes {@code k}
 * exactly when position ≥ ⌈k·n/5⌉, i.e. when the value exceeds the ⌈k·n/5⌉-th smallest value; so four order
 * statistics decide every score, and finding them needs no sort: a histogram for small ranges, else a selection.
 */
final class QuintileCuts {

    private static final int HISTOGRAM_LIMIT = 1 << 22;

    private QuintileCuts() {}

    /** The 1-based ranks ⌈k·n/5⌉ for k = 1..4. */
    static int rank(int k, int n) {
        return (int) (((long) k * n + 4) / 5);
    }

    /** 1 plus the number of cuts strictly below {@code value}. */
    static int score(long value, long[] cuts) {
        return 1
                + (value > cuts[0] ? 1 : 0)
                + (value > cuts[1] ? 1 : 0)
                + (value > cuts[2] ? 1 : 0)
                + (value > cuts[3] ? 1 : 0);
    }

    /** Cuts of the first {@code n} values, which lie in [min, max]; the values may be reordered. */
    static long[] of(long[] values, int n, long min, long max) {
        if (max - min < HISTOGRAM_LIMIT) {
            return fromHistogram(values, n, min, (int) (max - min) + 1);
        }
        return bySelection(values, n);
    }

    private static long[] fromHistogram(long[] values, int n, long min, int width) {
        int[] histogram = new int[width];
        for (int i = 0; i < n; i++) {
            histogram[(int) (values[i] - min)]++;
        }
        long[] cuts = new long[4];
        int k = 1;
        long seen = 0;
        for (int v = 0; v < width && k <= 4; v++) {
            seen += histogram[v];
            while (k <= 4 && seen >= rank(k, n)) {
                cuts[k - 1] = min + v;
                k++;
            }
        }
        return cuts;
    }

    private static long[] bySelection(long[] values, int n) {
        long[] cuts = new long[4];
        int from = 0;
        for (int k = 1; k <= 4; k++) {
            int index = rank(k, n) - 1;
            if (index >= from) {
                select(values, from, n - 1, index);
                from = index + 1;
            }
            cuts[k - 1] = values[index];
        }
        return cuts;
    }

    /** Puts the value of rank {@code k} at {@code k}, smaller or equal ones before it, larger or equal after. */
    static void select(long[] a, int low, int high, int k) {
        while (high - low > 16) {
            int mid = (low + high) >>> 1;
            long pivot = median(a[low], a[mid], a[high]);
            int i = low;
            int j = high;
            while (i <= j) {
                while (a[i] < pivot) {
                    i++;
                }
                while (a[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    long t = a[i];
                    a[i++] = a[j];
                    a[j--] = t;
                }
            }
            if (k <= j) {
                high = j;
            } else if (k >= i) {
                low = i;
            } else {
                return;
            }
        }
        for (int i = low + 1; i <= high; i++) {
            long v = a[i];
            int j = i - 1;
            while (j >= low && a[j] > v) {
                a[j + 1] = a[j];
                j--;
            }
            a[j + 1] = v;
        }
    }

    private static long median(long a, long b, long c) {
        return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
    }
}
