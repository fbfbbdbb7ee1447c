package io.dsml.data.sampler;

import io.dsml.core.spi.BatchSampler;
import io.dsml.core.spi.SamplerFactory;

/** Registers {@link RandomBatchSampler} as {@code random}. */
public final class RandomSamplerFactory implements SamplerFactory {
    @Override
    public String name() {
        return "random";
    }

    @Override
    public BatchSampler create(int[] labels, int batchSize, int samplesPerClass) {
        return new RandomBatchSampler(labels.length, batchSize);
    }
}
