package io.dsml.evaluation.knn;

import java.util.Arrays;

/**
 * Bounded best-k selection for a block of rows at once.
 *
 * <p>Each (score, index) pair is packed into one {@code long} key that sorts best first: the high
 * 32 bits are the score's bits mapped to a monotone int and complemented (higher score, smaller
 * key), the low 32 bits the index (lower index, smaller key, which breaks ties). With labels, bit
 * 31 of the low word (free: indices are non-negative ints) is set for a candidate of the query's
 * own class, so that among equal scores the other classes come first, then the lower index. Each row appends
 * candidates that beat its current threshold to a buffer of {@code 2k} keys; when the buffer is
 * full, a quickselect keeps the best k and the threshold rises to the k-th best. A candidate thus
 * costs one float comparison unless it enters the buffer, and each entry costs O(1) amortised,
 * where a heap would pay O(log k) per entry - at k = 1000 the difference is measurable.
 */
final class TopK {
    /** The tie-break bit of a candidate of the query's own class. */
    private static final long SAME_CLASS = 1L << 31;

    private final int k;
    private final int capacity;
    private final long[] keys;
    private final int[] sizes;
    private final float[] thresholds;
    private final long[] thresholdKeys;

    TopK(int k, int maxRows) {
        this.k = k;
        this.capacity = 2 * k;
        this.keys = new long[capacity * maxRows];
        this.sizes = new int[maxRows];
        this.thresholds = new float[maxRows];
        this.thresholdKeys = new long[maxRows];
    }

    void reset(int rows) {
        Arrays.fill(sizes, 0, rows, 0);
        Arrays.fill(thresholds, 0, rows, Float.NEGATIVE_INFINITY);
        Arrays.fill(thresholdKeys, 0, rows, Long.MAX_VALUE);
    }

    static long key(float score, int index) {
        return key(score, index, false);
    }

    /** The key of a candidate; {@code sameClass} ranks it after other classes of equal score. */
    static long key(float score, int index, boolean sameClass) {
        // Adding +0 turns -0 into +0, so that the two zeros tie as they compare equal.
        int bits = Float.floatToRawIntBits(score + 0.0f);
        int monotone = bits ^ ((bits >> 31) & 0x7fffffff);
        return ((long) ~monotone << 32) | (sameClass ? SAME_CLASS : 0) | index;
    }

    static float score(long key) {
        int monotone = ~(int) (key >>> 32);
        return Float.intBitsToFloat(monotone ^ ((monotone >> 31) & 0x7fffffff));
    }

    static int index(long key) {
        return (int) key & Integer.MAX_VALUE;
    }

    /**
     * Offers {@code len} candidates {@code sims[off + c]} with index {@code index0 + c} to
     * {@code row}, skipping index {@code skip} (the query itself; -1 for none). Equal scores go
     * to the lower index, or, when {@code galleryLabels} is not null, first to the candidates
     * whose label differs from {@code queryLabel}.
     */
    void offer(int row, float[] sims, int off, int len, int index0, int skip, int queryLabel, int[] galleryLabels) {
        int base = row * capacity;
        int size = sizes[row];
        float threshold = thresholds[row];
        long thresholdKey = thresholdKeys[row];
        for (int c = 0; c < len; c++) {
            float s = sims[off + c];
            if (s < threshold) {
                continue;
            }
            int index = index0 + c;
            long key = key(s, index, galleryLabels != null && galleryLabels[index] == queryLabel);
            if (key >= thresholdKey || index == skip) {
                continue;
            }
            keys[base + size++] = key;
            if (size == capacity) {
                select(keys, base, base + size - 1, base + k - 1);
                size = k;
                thresholdKey = keys[base + k - 1];
                threshold = score(thresholdKey);
            }
        }
        sizes[row] = size;
        thresholds[row] = threshold;
        thresholdKeys[row] = thresholdKey;
    }

    /** Number of pairs currently kept for {@code row} (at most k after draining). */
    int size(int row) {
        return Math.min(k, sizes[row]);
    }

    /** Writes the row's best pairs, best first, to {@code outIdx/outScores} at {@code outOff}. */
    void drainSorted(int row, int[] outIdx, float[] outScores, int outOff) {
        int base = row * capacity;
        int size = sizes[row];
        if (size > k) {
            select(keys, base, base + size - 1, base + k - 1);
            size = k;
        }
        Arrays.sort(keys, base, base + size);
        for (int i = 0; i < size; i++) {
            outIdx[outOff + i] = index(keys[base + i]);
            if (outScores != null) {
                outScores[outOff + i] = score(keys[base + i]);
            }
        }
        sizes[row] = size;
    }

    /**
     * Rearranges {@code a[lo..hi]} so that {@code a[nth]} holds the value it would have if sorted,
     * with smaller values before it and larger after (Hoare quickselect, median-of-three pivot).
     */
    static void select(long[] a, int lo, int hi, int nth) {
        while (hi > lo) {
            int mid = (lo + hi) >>> 1;
            long pivot = median(a[lo], a[mid], a[hi]);
            int i = lo;
            int j = hi;
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
            if (nth <= j) {
                hi = j;
            } else if (nth >= i) {
                lo = i;
            } else {
                return;
            }
        }
    }

    private static long median(long a, long b, long c) {
        return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
    }
}
