package io.dsml.losses.softmax;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.dsml.core.probe.FiniteDifferences;
import io.dsml.core.probe.LossProbe;
import org.junit.jupiter.api.Test;

class SoftmaxLossTest {
    @Test
    void valueMatchesHandComputedCase() {
        // W = I (bias 0 after initialisation), e = (1, 2) with label 0: -log softmax(1, 2)[0] = log(1 + e).
        float[] w = {1, 0, 0, 1};
        double value = LossProbe.evaluate(new SoftmaxLoss(2, 2), new float[] {1, 2}, 1, 2, new int[] {0}, w, false)
                .loss();
        assertThat(value).isCloseTo(Math.log(1 + Math.E), within(1e-5));
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        float[] e = FiniteDifferences.random(15, 11);
        float[] w = FiniteDifferences.random(9, 12);
        FiniteDifferences.assertGradientMatches(
                () -> new SoftmaxLoss(3, 3), e, 5, 3, new int[] {0, 1, 2, 2, 1}, w, 1e-2, 2e-3);
    }
}
