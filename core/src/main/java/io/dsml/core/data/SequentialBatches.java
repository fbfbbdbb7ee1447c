package io.dsml.core.data;

import java.util.ArrayList;
import java.util.List;

/** Splits {@code 0..n-1} into consecutive batches, for inference passes. */
public final class SequentialBatches {
    private SequentialBatches() {}

    /** Consecutive batches of {@code batchSize}; the last one holds what is left. */
    public static List<int[]> of(int n, int batchSize) {
        List<int[]> batches = new ArrayList<>();
        for (int start = 0; start < n; start += batchSize) {
            int size = Math.min(batchSize, n - start);
            int[] batch = new int[size];
            for (int i = 0; i < size; i++) {
                batch[i] = start + i;
            }
            batches.add(batch);
        }
        return batches;
    }
}
