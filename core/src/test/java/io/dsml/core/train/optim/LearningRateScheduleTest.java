package io.dsml.core.train.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.dsml.core.config.ScheduleConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {
    /**
     * The rates PyTorch 1.13 used for each of 12 SGD steps (3 per epoch, 4 epochs, base 0.1), read
     * from {@code optimizer.param_groups[0]['lr']} before each step: MultiStepLR(milestones=[2, 3],
     * gamma=0.1) stepped per epoch, CosineAnnealingLR(T_max=12) stepped per iteration.
     */
    private static final double[] TORCH_MULTISTEP = {0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.01, 0.01, 0.01, 0.001, 0.001, 0.001
    };

    private static final double[] TORCH_COSINE = {
        0.1,
        0.09829629131445342,
        0.09330127018922195,
        0.08535533905932738,
        0.07500000000000001,
        0.06294095225512605,
        0.05000000000000001,
        0.03705904774487397,
        0.025000000000000015,
        0.01464466094067263,
        0.006698729810778066,
        0.0017037086855465904
    };

    @Test
    void stepScheduleMatchesPytorchMultiStepLr() {
        var schedule = new LearningRateSchedule(
                new ScheduleConfig(ScheduleConfig.Shape.STEP, null, List.of(2, 3), 0.1), 3, 12);
        for (int t = 1; t <= 12; t++) {
            assertThat(0.1 * schedule.factor(t)).as("step %d", t).isCloseTo(TORCH_MULTISTEP[t - 1], within(1e-15));
        }
    }

    @Test
    void cosineScheduleMatchesPytorchCosineAnnealing() {
        var schedule =
                new LearningRateSchedule(new ScheduleConfig(ScheduleConfig.Shape.COSINE, null, null, null), 3, 12);
        for (int t = 1; t <= 12; t++) {
            assertThat(0.1 * schedule.factor(t)).as("step %d", t).isCloseTo(TORCH_COSINE[t - 1], within(1e-12));
        }
    }

    @Test
    void linearWarmupRisesToTheBaseRateThenTheShapeStarts() {
        // 1 warm-up epoch of 4 steps, then cosine over the remaining 8 steps
        var schedule =
                new LearningRateSchedule(new ScheduleConfig(ScheduleConfig.Shape.COSINE, 1.0, null, null), 4, 12);
        assertThat(schedule.warmupSteps()).isEqualTo(4);
        assertThat(schedule.factor(1)).isEqualTo(0.25);
        assertThat(schedule.factor(2)).isEqualTo(0.5);
        assertThat(schedule.factor(4)).isEqualTo(1.0);
        assertThat(schedule.factor(5)).isEqualTo(1.0); // first post-warm-up step: cos(0)
        assertThat(schedule.factor(9)).isCloseTo(0.5, within(1e-12)); // half of the 8 steps done
        assertThat(schedule.factor(12)).isCloseTo(0.5 * (1 + Math.cos(Math.PI * 7 / 8)), within(1e-12));
    }

    @Test
    void constantScheduleIsOne() {
        var schedule = new LearningRateSchedule(ScheduleConfig.defaults(), 5, 50);
        assertThat(schedule.factor(1)).isEqualTo(1.0);
        assertThat(schedule.factor(50)).isEqualTo(1.0);
    }

    @Test
    void groupsScaleTheRateAndTheHeadOnlyWarmupFreezesTheBackbone() {
        var schedule =
                new LearningRateSchedule(new ScheduleConfig(ScheduleConfig.Shape.STEP, null, List.of(1), 0.5), 2, 4);
        var rates = new LearningRates(
                0.01f, schedule, Map.of(LearningRates.Group.LOSS, 100.0, LearningRates.Group.BACKBONE, 0.1), 2);
        rates.assign(Map.of(
                "b", LearningRates.Group.BACKBONE, "h", LearningRates.Group.HEAD, "l", LearningRates.Group.LOSS));
        rates.atStep(1);
        assertThat(rates.frozen("b")).isTrue();
        assertThat(rates.frozen("h")).isFalse();
        assertThat(rates.rate("h")).isEqualTo(0.01f);
        assertThat(rates.rate("l")).isCloseTo(1.0f, within(1e-6f));
        rates.atStep(3); // epoch 2: past the milestone and the head-only warm-up
        assertThat(rates.frozen("b")).isFalse();
        assertThat(rates.rate("b")).isCloseTo(0.0005f, within(1e-9f));
        assertThat(rates.rate("unknown")).isEqualTo(0.005f); // unknown ids count as head
    }
}
