package io.dsml.data.sampler;

import io.dsml.core.spi.BatchSampler;
import io.dsml.core.spi.SamplerFactory;

/**
 * Registers {@link MPerClassBatchSampler} as {@code m-per-class} ({@code training.sampler:
 * m-per-class}, with {@code training.samples_per_class: M}).
 */
public final class MPerClassSamplerFactory implements SamplerFactory {
    @Override
    public String name() {
        return "m-per-class";
    }

    @Override
    public BatchSampler create(int[] labels, int batchSize, int samplesPerClass) {
        return new MPerClassBatchSampler(labels, batchSize, samplesPerClass);
    }
}
