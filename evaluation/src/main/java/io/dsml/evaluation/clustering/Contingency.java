package io.dsml.evaluation.clustering;

import java.util.Arrays;

/**
 * Sparse contingency table of two labellings of the same items: row (true class) sums, column
 * (cluster) sums and the non-zero cells with their row and column. Built by sorting packed
 * (row, column) keys, so it costs {@code O(n log n)} whatever the number of classes and clusters.
 */
record Contingency(int total, int[] rowSums, int[] colSums, int[] cellCounts, int[] cellRows, int[] cellCols) {

    static Contingency of(int[] labelsTrue, int[] labelsPred) {
        if (labelsTrue.length != labelsPred.length) {
            throw new IllegalArgumentException("labellings differ in length: %d true labels vs %d predicted"
                    .formatted(labelsTrue.length, labelsPred.length));
        }
        int n = labelsTrue.length;
        int[] rows = denseIds(labelsTrue);
        int[] cols = denseIds(labelsPred);
        int nCols = n == 0 ? 0 : max(cols) + 1;
        int[] rowSums = new int[n == 0 ? 0 : max(rows) + 1];
        int[] colSums = new int[nCols];
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) {
            rowSums[rows[i]]++;
            colSums[cols[i]]++;
            keys[i] = (long) rows[i] * nCols + cols[i];
        }
        Arrays.sort(keys);
        int[] counts = new int[n];
        int[] cellRows = new int[n];
        int[] cellCols = new int[n];
        int cells = 0;
        for (int i = 0; i < n; i++) {
            if (i == 0 || keys[i] != keys[i - 1]) {
                cellRows[cells] = (int) (keys[i] / nCols);
                cellCols[cells] = (int) (keys[i] % nCols);
                cells++;
            }
            counts[cells - 1]++;
        }
        return new Contingency(
                n,
                rowSums,
                colSums,
                Arrays.copyOf(counts, cells),
                Arrays.copyOf(cellRows, cells),
                Arrays.copyOf(cellCols, cells));
    }

    /** Maps arbitrary int labels to 0..m-1 in increasing label order. */
    private static int[] denseIds(int[] labels) {
        int[] sorted = labels.clone();
        Arrays.sort(sorted);
        int unique = 0;
        for (int i = 0; i < sorted.length; i++) {
            if (i == 0 || sorted[i] != sorted[i - 1]) {
                sorted[unique++] = sorted[i];
            }
        }
        int[] ids = new int[labels.length];
        for (int i = 0; i < labels.length; i++) {
            ids[i] = Arrays.binarySearch(sorted, 0, unique, labels[i]);
        }
        return ids;
    }

    private static int max(int[] values) {
        int m = Integer.MIN_VALUE;
        for (int v : values) {
            m = Math.max(m, v);
        }
        return m;
    }
}
