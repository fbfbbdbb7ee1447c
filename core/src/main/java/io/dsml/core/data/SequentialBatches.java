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

    /**
     * Consecutive batches that all have {@code batchSize} entries when {@code n >= batchSize}: the
     * last one is filled up by repeating index {@code n - 1}. A network run in inference mode treats
     * samples independently, so the extra rows change nothing and are dropped by the caller; one
     * batch shape lets the engine reuse its cached kernels and buffers instead of building new ones
     * for a ragged last batch on every pass.
     */
    public static List<int[]> uniform(int n, int batchSize) {
        List<int[]> batches = of(n, batchSize);
        int last = batches.size() - 1;
        if (last > 0 && batches.get(last).length < batchSize) {
            int[] padded = java.util.Arrays.copyOf(batches.get(last), batchSize);
            java.util.Arrays.fill(padded, batches.get(last).length, batchSize, n - 1);
            batches.set(last, padded);
        }
        return batches;
    }
}
