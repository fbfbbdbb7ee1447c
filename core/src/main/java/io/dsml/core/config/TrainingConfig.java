package io.dsml.core.config;

/**
 * Optimisation settings shared by every cell of an experiment.
 *
 * @param epochs passes over the training set (default 10)
 * @param batchSize samples per step (default 128)
 * @param optimizer {@code adam} (default; L2 weight decay), {@code adamw} (decoupled weight decay,
 *     as PyTorch's AdamW) or {@code sgd} (with Nesterov-free momentum)
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
 * @param schedule how the learning rate changes over training (default constant, no warm-up)
 * @param lrMultipliers factors on the learning rate per parameter group: {@code backbone},
 *     {@code head} (the embedding layer and its BatchNorm), {@code loss} (proxies, classifier
 *     weights, centres); default 1 each (Proxy-Anchor trains proxies at 100x)
 * @param headOnlyEpochs the first epochs train only the head and the loss's parameters, the
 *     backbone frozen (default 0)
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
        ScheduleConfig schedule,
        java.util.Map<String, Double> lrMultipliers,
        Integer headOnlyEpochs,
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
        schedule = schedule == null ? ScheduleConfig.defaults() : schedule;
        lrMultipliers = lrMultipliers == null
                ? java.util.Map.of()
                : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(lrMultipliers));
        headOnlyEpochs = headOnlyEpochs == null ? 0 : headOnlyEpochs;
        devices = devices == null ? java.util.List.of() : java.util.List.copyOf(devices);
    }

    /** The settings without the recipe's keys and {@code devices}, for code that predates them. */
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
                null,
                null,
                null,
                null);
    }

    /** The same settings on other devices. */
    public TrainingConfig withDevices(java.util.List<String> newDevices) {
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
                schedule,
                lrMultipliers,
                headOnlyEpochs,
                newDevices);
    }

    public static TrainingConfig defaults() {
        return new TrainingConfig(
                null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** The same settings with another number of epochs and cap on steps per epoch. */
    public TrainingConfig withBudget(int newEpochs, int newMaxStepsPerEpoch) {
        return new TrainingConfig(
                newEpochs,
                batchSize,
                optimizer,
                learningRate,
                weightDecay,
                momentum,
                sampler,
                samplesPerClass,
                newMaxStepsPerEpoch,
                augment,
                checkpointEverySteps,
                schedule,
                lrMultipliers,
                headOnlyEpochs,
                devices);
    }
}
