package io.dsml.core.config;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonPOJOBuilder;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Optimisation settings shared by every cell of an experiment. Built with {@link #builder()} (which
 * the config loader binds the YAML through, so an absent or empty key keeps its default) and copied
 * with {@link #toBuilder()}.
 *
 * @param epochs passes over the training set (default {@value #DEFAULT_EPOCHS})
 * @param batchSize samples per step (default {@value #DEFAULT_BATCH_SIZE})
 * @param optimizer see {@link Optimizer} (default {@link #DEFAULT_OPTIMIZER})
 * @param learningRate step size (default {@value #DEFAULT_LEARNING_RATE})
 * @param weightDecay L2 weight decay (default {@value #DEFAULT_WEIGHT_DECAY})
 * @param momentum SGD momentum (default {@value #DEFAULT_MOMENTUM}; ignored by Adam)
 * @param sampler a registered sampler: {@code random} (shuffled, every sample once per epoch),
 *     {@code m-per-class} or a plugin's (default {@value #DEFAULT_SAMPLER})
 * @param samplesPerClass M for the m-per-class sampler (default {@value #DEFAULT_SAMPLES_PER_CLASS})
 * @param maxStepsPerEpoch cap on steps per epoch, 0 for none (default {@value
 *     #DEFAULT_MAX_STEPS_PER_EPOCH}); for smoke runs
 * @param augment whether to apply the dataset's training augmentation (default {@value
 *     #DEFAULT_AUGMENT})
 * @param checkpointEverySteps also checkpoint every this many steps, 0 for epoch ends only (default
 *     {@value #DEFAULT_CHECKPOINT_EVERY_STEPS})
 * @param schedule how the learning rate changes over training (default {@link
 *     ScheduleConfig#defaults()})
 * @param lrMultipliers factors on the learning rate per parameter group: {@code backbone}, {@code
 *     head} (the embedding layer and its BatchNorm), {@code loss} (proxies, classifier weights,
 *     centres); an absent group (by default all) trains at 1x (Proxy-Anchor trains proxies at 100x)
 * @param headOnlyEpochs the first epochs train only the head and the loss's parameters, the
 *     backbone frozen (default {@value #DEFAULT_HEAD_ONLY_EPOCHS})
 * @param devices the devices each batch is split over, e.g. {@code [gpu(0), gpu(1)]} or {@code
 *     [cpu(0), cpu(1)]} (by default none: every device the engine reports); see {@code
 *     io.dsml.core.train.TrainingDevices}
 */
@JsonDeserialize(builder = TrainingConfig.Builder.class)
public record TrainingConfig(
        int epochs,
        int batchSize,
        Optimizer optimizer,
        double learningRate,
        double weightDecay,
        double momentum,
        String sampler,
        int samplesPerClass,
        int maxStepsPerEpoch,
        boolean augment,
        int checkpointEverySteps,
        ScheduleConfig schedule,
        Map<String, Double> lrMultipliers,
        int headOnlyEpochs,
        List<String> devices) {
    public static final int DEFAULT_EPOCHS = 10;
    public static final int DEFAULT_BATCH_SIZE = 128;
    public static final Optimizer DEFAULT_OPTIMIZER = Optimizer.ADAM;
    public static final double DEFAULT_LEARNING_RATE = 1e-3;
    public static final double DEFAULT_WEIGHT_DECAY = 0.0;
    public static final double DEFAULT_MOMENTUM = 0.9;
    public static final String DEFAULT_SAMPLER = "random";
    public static final int DEFAULT_SAMPLES_PER_CLASS = 4;
    public static final int DEFAULT_MAX_STEPS_PER_EPOCH = 0;
    public static final boolean DEFAULT_AUGMENT = true;
    public static final int DEFAULT_CHECKPOINT_EVERY_STEPS = 0;
    public static final int DEFAULT_HEAD_ONLY_EPOCHS = 0;

    /**
     * One entry of {@code devices}: {@code cpu(N)} or {@code gpu(N)}; {@code cpu}, {@code gpu} and
     * {@code gpuN} are accepted too. Group 1 is the type, group 2 or 3 the index.
     */
    public static final Pattern DEVICE = Pattern.compile("(cpu|gpu)(?:\\((\\d+)\\)|(\\d+))?");

    public TrainingConfig {
        Objects.requireNonNull(optimizer, "optimizer");
        Objects.requireNonNull(schedule, "schedule");
        lrMultipliers = Collections.unmodifiableMap(new TreeMap<>(lrMultipliers));
        devices = List.copyOf(devices);
    }

    /** Every setting at its default. */
    public static TrainingConfig defaults() {
        return builder().build();
    }

    /** A builder that starts from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder that starts from these settings, for a copy that changes some of them. */
    public Builder toBuilder() {
        return builder()
                .epochs(epochs)
                .batchSize(batchSize)
                .optimizer(optimizer)
                .learningRate(learningRate)
                .weightDecay(weightDecay)
                .momentum(momentum)
                .sampler(sampler)
                .samplesPerClass(samplesPerClass)
                .maxStepsPerEpoch(maxStepsPerEpoch)
                .augment(augment)
                .checkpointEverySteps(checkpointEverySteps)
                .schedule(schedule)
                .lrMultipliers(lrMultipliers)
                .headOnlyEpochs(headOnlyEpochs)
                .devices(devices);
    }

    /**
     * Builds a {@link TrainingConfig}; also what the config loader binds {@code training:} through.
     * A {@code null} argument (an empty YAML value) leaves the setting as it is.
     */
    @JsonPOJOBuilder(withPrefix = "")
    public static final class Builder {
        private int epochs = DEFAULT_EPOCHS;
        private int batchSize = DEFAULT_BATCH_SIZE;
        private Optimizer optimizer = DEFAULT_OPTIMIZER;
        private double learningRate = DEFAULT_LEARNING_RATE;
        private double weightDecay = DEFAULT_WEIGHT_DECAY;
        private double momentum = DEFAULT_MOMENTUM;
        private String sampler = DEFAULT_SAMPLER;
        private int samplesPerClass = DEFAULT_SAMPLES_PER_CLASS;
        private int maxStepsPerEpoch = DEFAULT_MAX_STEPS_PER_EPOCH;
        private boolean augment = DEFAULT_AUGMENT;
        private int checkpointEverySteps = DEFAULT_CHECKPOINT_EVERY_STEPS;
        private ScheduleConfig schedule = ScheduleConfig.defaults();
        private Map<String, Double> lrMultipliers = Map.of();
        private int headOnlyEpochs = DEFAULT_HEAD_ONLY_EPOCHS;
        private List<String> devices = List.of();

        private Builder() {}

        public Builder epochs(Integer value) {
            epochs = value == null ? epochs : value;
            return this;
        }

        public Builder batchSize(Integer value) {
            batchSize = value == null ? batchSize : value;
            return this;
        }

        public Builder optimizer(Optimizer value) {
            optimizer = value == null ? optimizer : value;
            return this;
        }

        public Builder learningRate(Double value) {
            learningRate = value == null ? learningRate : value;
            return this;
        }

        public Builder weightDecay(Double value) {
            weightDecay = value == null ? weightDecay : value;
            return this;
        }

        public Builder momentum(Double value) {
            momentum = value == null ? momentum : value;
            return this;
        }

        public Builder sampler(String value) {
            sampler = value == null ? sampler : value;
            return this;
        }

        public Builder samplesPerClass(Integer value) {
            samplesPerClass = value == null ? samplesPerClass : value;
            return this;
        }

        public Builder maxStepsPerEpoch(Integer value) {
            maxStepsPerEpoch = value == null ? maxStepsPerEpoch : value;
            return this;
        }

        public Builder augment(Boolean value) {
            augment = value == null ? augment : value;
            return this;
        }

        public Builder checkpointEverySteps(Integer value) {
            checkpointEverySteps = value == null ? checkpointEverySteps : value;
            return this;
        }

        public Builder schedule(ScheduleConfig value) {
            schedule = value == null ? schedule : value;
            return this;
        }

        /** The multipliers; a group mapped to {@code null} is kept, for the validator to refuse. */
        public Builder lrMultipliers(Map<String, Double> value) {
            lrMultipliers = value == null ? lrMultipliers : value;
            return this;
        }

        public Builder headOnlyEpochs(Integer value) {
            headOnlyEpochs = value == null ? headOnlyEpochs : value;
            return this;
        }

        public Builder devices(List<String> value) {
            devices = value == null ? devices : value;
            return this;
        }

        public TrainingConfig build() {
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
                    devices);
        }
    }

    /** The optimizers {@code training.optimizer} names. */
    @JsonDeserialize(using = ConfigChoice.Deserializer.class)
    public enum Optimizer implements ConfigChoice {
        /** Adam with L2 weight decay (added to the gradient). */
        ADAM,
        /** Adam with decoupled weight decay, as PyTorch's AdamW. */
        ADAMW,
        /** SGD with (Nesterov-free) momentum. */
        SGD
    }
}
