package io.dsml.core.config;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.util.List;

/**
 * How the learning rate changes over training: a shape after an optional linear warm-up. Every
 * value is a pure function of the global step, so a resumed run follows the same curve.
 *
 * @param name the shape, see {@link Shape} (default {@code constant})
 * @param warmupEpochs epochs (a fraction is allowed) over which the rate rises linearly from
 *     {@code base / warmup_steps} to the base rate (default 0: none)
 * @param milestones {@code step}: the epochs (1-based: the first epoch with the lower rate is
 *     milestone + 1) after which the rate is multiplied by {@code gamma}
 * @param gamma {@code step}: the factor at each milestone (default 0.1)
 */
public record ScheduleConfig(Shape name, Double warmupEpochs, List<Integer> milestones, Double gamma) {
    /** The shapes {@code training.schedule.name} names. */
    @JsonDeserialize(using = ConfigChoice.Deserializer.class)
    public enum Shape implements ConfigChoice {
        /** The base rate throughout. */
        CONSTANT,
        /** Multiply by {@code gamma} at each milestone epoch, as PyTorch's MultiStepLR stepped per epoch. */
        STEP,
        /**
         * Half a cosine from the base rate to 0 over the steps after the warm-up, as
         * CosineAnnealingLR stepped per iteration.
         */
        COSINE
    }

    public ScheduleConfig {
        name = name == null ? Shape.CONSTANT : name;
        warmupEpochs = warmupEpochs == null ? 0.0 : warmupEpochs;
        milestones = milestones == null ? List.of() : List.copyOf(milestones);
        gamma = gamma == null ? 0.1 : gamma;
    }

    public static ScheduleConfig defaults() {
        return new ScheduleConfig(null, null, null, null);
    }
}
