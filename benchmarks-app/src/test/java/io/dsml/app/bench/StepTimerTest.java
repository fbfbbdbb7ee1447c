package io.dsml.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The timer charges each path only its own time, skips the warm-up steps, stops timing after the
 * budget, and alternates which baseline steps first. A fake clock makes every time exact.
 */
class StepTimerTest {
    private long now;
    private final List<String> order = new ArrayList<>();

    private StepTimer.Stepper stepper(String name, long nanos) {
        return () -> {
            order.add(name);
            now += nanos;
        };
    }

    @Test
    void chargesEachPathItsOwnStepsAfterTheWarmUp() {
        StepTimer timer = new StepTimer(1, 2, List.of(stepper("trainer", 30), stepper("direct", 20)), () -> now);

        timer.onEpochBegin(null, 1, 10, 0);
        now += 1_000; // warm-up dsml step: not counted
        timer.onBatchEnd(null, 1, 1, 0f);
        now += 100;
        timer.onBatchEnd(null, 1, 2, 0f);
        now += 120;
        timer.onBatchEnd(null, 1, 3, 0f);
        now += 5_000; // beyond the budget: neither timed nor interleaved
        timer.onBatchEnd(null, 1, 4, 0f);

        assertThat(timer.counted()).isEqualTo(2);
        assertThat(timer.dsmlSeconds()).isEqualTo(220e-9);
        assertThat(timer.baselineSeconds(0)).isEqualTo(60e-9);
        assertThat(timer.baselineSeconds(1)).isEqualTo(40e-9);
        assertThat(order).containsExactly("direct", "trainer", "trainer", "direct", "direct", "trainer");
    }

    @Test
    void epochBoundariesRestartTheDsmlClock() {
        StepTimer timer = new StepTimer(0, 2, List.of(stepper("trainer", 1), stepper("direct", 1)), () -> now);

        timer.onEpochBegin(null, 1, 1, 0);
        now += 10;
        timer.onBatchEnd(null, 1, 1, 0f);
        now += 7_777; // refresh, evaluation, checkpoint between epochs: not a step
        timer.onEpochBegin(null, 2, 1, 0);
        now += 10;
        timer.onBatchEnd(null, 2, 2, 0f);

        assertThat(timer.dsmlSeconds()).isEqualTo(20e-9);
    }

    @Test
    void withoutBaselinesTimesDsmlStepsAlone() {
        StepTimer timer = new StepTimer(1, 2, List.of(), () -> now);

        timer.onEpochBegin(null, 1, 10, 0);
        now += 1_000; // warm-up
        timer.onBatchEnd(null, 1, 1, 0f);
        now += 40;
        timer.onBatchEnd(null, 1, 2, 0f);
        now += 60;
        timer.onBatchEnd(null, 1, 3, 0f);
        now += 9_000; // beyond the budget
        timer.onBatchEnd(null, 1, 4, 0f);

        assertThat(timer.counted()).isEqualTo(2);
        assertThat(timer.dsmlSeconds()).isEqualTo(100e-9);
    }
}
