package io.dsml.core.spi;

/** Creates a {@link BatchSampler} by registered name ({@code training.sampler} in configs). */
public interface SamplerFactory {

    /** The registered name, e.g. {@code random} or {@code m-per-class}. */
    String name();

    /**
     * Creates a sampler over a training set.
     *
     * @param labels the dense label of every training sample
     * @param batchSize samples per batch
     * @param samplesPerClass M, for samplers that group by class
     * @throws io.dsml.core.error.DsmlException if the labels cannot fill such batches
     */
    BatchSampler create(int[] labels, int batchSize, int samplesPerClass);
}
