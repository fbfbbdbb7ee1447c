package io.dsml.app.parallel;

import static io.dsml.app.parallel.DataParallelFixture.ONE;
import static io.dsml.app.parallel.DataParallelFixture.TWO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.dsml.app.parallel.DataParallelFixture.Trace;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * N steps on two devices with a global batch of B give the losses and parameters of N steps on
 * one device with batch B, for every kind of loss state: vMF means refreshed from full passes
 * (global) and accumulated from the training pass (online), learned classifier weights (softmax),
 * learned proxies (proxy-anchor), centres updated by Wen et al.'s rule (center) and in-batch
 * mining (triplet with batch-hard). The two runs share seed, batches and initial parameters.
 *
 * <p>Tolerance: 1e-5 on every parameter value and 1e-5 x max(1, |loss|) on each step's loss,
 * after 6 Adam steps at learning rate 1e-3. The two runs differ only in float32 summation order
 * (each replica reduces its half of the batch in the convolutions' backward pass and the halves
 * are added, where one device reduces all 32 rows at once), which starts at relative differences
 * near 1e-7; measured here: at most 7e-7 on a parameter and 1.5e-7 on a loss, so the bound leaves
 * a margin of 15 for other machines' kernels. Real mistakes are far larger: leaving out the second
 * replica's gradient (tried once by commenting out its addition) moved the parameters by 0.01 to
 * 0.5 and the second step's loss by 0.03 to 0.8; an optimizer step counted once per device
 * changes Adam's bias correction, so the size of every update; a loss that sees half a batch
 * changes the first step's loss.
 */
class DataParallelEquivalenceTest {
    private static final int STEPS = 6;
    private static final double TOLERANCE = 1e-5;

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{name: vmf}",
                "{name: vmf, params: {means: online}}",
                "{name: softmax}",
                "{name: proxy-anchor}",
                "{name: center, params: {lambda: 0.1}}",
                "{name: triplet, params: {miner: batch-hard}}"
            })
    void twoDevicesTrainLikeOne(String loss) {
        Trace one = DataParallelFixture.train(loss, ONE, 1, STEPS, true, null);
        Trace two = DataParallelFixture.train(loss, TWO, 1, STEPS, true, null);

        assertThat(two.stepLosses()).hasSize(STEPS);
        for (int step = 0; step < STEPS; step++) {
            assertThat((double) two.stepLosses().get(step))
                    .as("loss of step %d", step + 1)
                    .isCloseTo(
                            one.stepLosses().get(step),
                            within(TOLERANCE * Math.max(1, one.stepLosses().get(step))));
        }
        assertThat(DataParallelFixture.maxDifference(one.finalParameters(), two.finalParameters()))
                .as("largest parameter difference")
                .isLessThan(TOLERANCE);
        // the parameters did move: equal parameters are not equal by being untouched
        assertThat(one.stepLosses().get(STEPS - 1))
                .isNotEqualTo(one.stepLosses().get(0));
    }
}
