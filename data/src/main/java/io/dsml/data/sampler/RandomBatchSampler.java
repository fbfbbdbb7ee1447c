package io.dsml.data.sampler;

import io.dsml.core.spi.BatchSampler;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Shuffles all samples each epoch and cuts them into batches; every sample appears once per epoch.
 * A final batch of fewer than two samples is dropped (BatchNorm and pair losses need two).
 */
public final class RandomBatchSampler implements BatchSampler {
    private final int size;
    private final int batchSize;

    public RandomBatchSampler(int size, int batchSize) {
        this.size = size;
        this.batchSize = batchSize;
    }

    @Override
    public List<int[]> epoch(Random random) {
        int[] order = new int[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        for (int i = size - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        List<int[]> batches = new ArrayList<>();
        for (int start = 0; start + 2 <= size; start += batchSize) {
            int end = Math.min(size, start + batchSize);
            int[] batch = new int[end - start];
            System.arraycopy(order, start, batch, 0, batch.length);
            batches.add(batch);
        }
        return batches;
    }
}
