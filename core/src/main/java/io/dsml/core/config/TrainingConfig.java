package io.dsml.core.config;

/**
 * Optimisation settings shared by every cell of an experiment.
 *
 * @param epochs passes over the training set (default 10)
 * @param batchSize samples per step (default 128)
 * @param optimizer {@code adam} (default) or {@code sgd} (with Nesterov-free momentum)
 * @param learningRate step size (default 0.001)
 * @param weightDecay L2 weight decay (default 0)
 * @param momentum SGD momentum (default 0.9; ignored by Adam)
 * @param sampler {@code random} (default: shuffled, every sample once per epoch) or {@code
 *     m-per-class}
 * @param samplesPerClass M for the m-per-class sampler (default 4)
 * @param maxStepsPerEpoch cap on steps per epoch, 0 for none (default 0); for smoke runs
 * @param augment whether to apply the dataset's training augmentation (default true)
 * @param checkpointEverySteps also checkpoint every this many steps, 0 for epoch ends only
 *     (default 0)
 */
public record TrainingConfig(
        Integer epochs,
        Integer batchSize,
        String optimizer,
        Double learningRate,
        Double weightDecay,
        Double momentum,
        String sampler,
        Integer samplesPerClass,
        Integer maxStepsPerEpoch,
        Boolean augment,
        Integer checkpointEverySteps) {
    public TrainingConfig {
        epochs = epochs == null ? 10 : epochs;
        batchSize = batchSize == null ? 128 : batchSize;
        optimizer = optimizer == null ? "adam" : optimizer;
        learningRate = learningRate == null ? 1e-3 : learningRate;
        weightDecay = weightDecay == null ? 0.0 : weightDecay;
        momentum = momentum == null ? 0.9 : momentum;
        sampler = sampler == null ? "random" : sampler;
        samplesPerClass = samplesPerClass == null ? 4 : samplesPerClass;
        maxStepsPerEpoch = maxStepsPerEpoch == null ? 0 : maxStepsPerEpoch;
        augment = augment == null ? Boolean.TRUE : augment;
        checkpointEverySteps = checkpointEverySteps == null ? 0 : checkpointEverySteps;
    }

    public static TrainingConfig defaults() {
        return new TrainingConfig(null, null, null, null, null, null, null, null, null, null, null);
    }
}
