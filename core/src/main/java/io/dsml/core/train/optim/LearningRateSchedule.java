package io.dsml.core.train.optim;

import io.dsml.core.config.ScheduleConfig;
import java.util.List;

/**
 * The factor applied to the base learning rate at a global step (1-based: the step about to be
 * taken), from a {@link ScheduleConfig} and the number of steps per epoch. Warm-up: {@code
 * min(1, t / warmupSteps)}; then {@code constant}: 1, {@code step}: {@code gamma^k} with k the
 * milestones at or before the step's epoch, {@code cosine}: {@code (1 + cos(pi p)) / 2} with p the
 * fraction of the post-warm-up steps already taken.
 *
 * @param config the schedule's settings
 * @param stepsPerEpoch optimizer steps in one epoch
 * @param totalSteps optimizer steps of the whole run
 */
public record LearningRateSchedule(ScheduleConfig config, long stepsPerEpoch, long totalSteps) {
    /** The names {@link #factor} understands. */
    public static final List<String> NAMES = List.of("constant", "step", "cosine");

    public LearningRateSchedule {
        if (stepsPerEpoch < 1 || totalSteps < 1) {
            throw new IllegalArgumentException("a schedule needs at least one step per epoch");
        }
    }

    /** A schedule that always returns 1. */
    public static LearningRateSchedule constant() {
        return new LearningRateSchedule(ScheduleConfig.defaults(), 1, 1);
    }

    /** Warm-up length in steps (0 for none). */
    public long warmupSteps() {
        return Math.round(config.warmupEpochs() * stepsPerEpoch);
    }

    /** The factor for global step {@code step} (1 for the first update). */
    public double factor(long step) {
        long warmup = warmupSteps();
        if (step <= warmup) {
            return (double) step / warmup;
        }
        return switch (config.name()) {
            case CONSTANT -> 1.0;
            case STEP -> stepFactor(step);
            case COSINE -> cosineFactor(step, warmup);
        };
    }

    private double stepFactor(long step) {
        long epochIndex = (step - 1) / stepsPerEpoch; // 0-based epoch of this step
        long passed = config.milestones().stream().filter(m -> m <= epochIndex).count();
        return Math.pow(config.gamma(), passed);
    }

    private double cosineFactor(long step, long warmup) {
        long span = Math.max(1, totalSteps - warmup);
        double progress = Math.min(1.0, (double) (step - 1 - warmup) / span);
        return 0.5 * (1 + Math.cos(Math.PI * progress));
    }
}
