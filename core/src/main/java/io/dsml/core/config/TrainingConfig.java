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
 * @param devices the devices each batch is split over, e.g. {@code [gpu(0), gpu(1)]} or {@code
 *     [cpu(0), cpu(1)]} (default: every device the engine reports); see {@code
 *     io.dsml.core.train.TrainingDevices}
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
        Integer checkpointEverySteps,
        java.util.List<String> devices) {
    /**
     * One entry of {@code devices}: {@code cpu(N)} or {@code gpu(N)}; {@code cpu}, {@code gpu} and
     * {@code gpuN} are accepted too. Group 1 is the type, group 2 or 3 the index.
     */
    public static final java.util.regex.Pattern DEVICE =
            java.util.regex.Pattern.compile("(cpu|gpu)(?:\\((\\d+)\\)|(\\d+))?");

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
        devices = devices == null ? java.util.List.of() : java.util.List.copyOf(devices);
    }

    /** The settings without {@code devices} (the engine's devices), for code that predates it. */
    public TrainingConfig(
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
        this(
                epochs,
                batchSize,
                optimizer,
                learningRate,
                weightDecay,
                momentum,
                sampler,
                samplesPerClass,
                maxStepsPerEpoch,
                augment,
                checkpointEverySteps,
                null);
    }

    /** The same settings on other devices. */
    public TrainingConfig withDevices(java.util.List<String> devices) {
        return new TrainingConfig(
                epochs,
                batchSize,
                optimizer,
                learningRate,
                weightDecay,
                momentum,
                sampler,
                samplesPerClass,
                maxStepsPerEpoch,
                augment,
                checkpointEverySteps,
                devices);
    }

    public static TrainingConfig defaults() {
        return new TrainingConfig(null, null, null, null, null, null, null, null, null, null, null);
    }
}
