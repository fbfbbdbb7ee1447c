package io.dsml.losses.vmf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.dsml.core.probe.LossProbe;
import io.dsml.core.spi.RefreshPeriod;
import org.junit.jupiter.api.Test;

/**
 * Mean directions set from outside ({@code dsml loss --centers}) are used as directions: a mean
 * direction is a unit vector by definition, so only each row's direction counts, in every mode.
 */
class VmfGivenMeansTest {
    private static final float[] E = {3, 4, 1, 0};
    private static final int[] LABELS = {0, 1};

    @Test
    void nonUnitMeansGiveTheValueOfTheirDirections() {
        // mu_0 = (2, 0) and mu_1 = (0, 5) point along (1, 0) and (0, 1); kappa 2, as in VmfLossTest:
        // z_1 = (0.6, 0.8) label 0 costs log(1 + e^0.4), z_2 = (1, 0) label 1 costs log(1 + e^2).
        double expected = (Math.log(1 + Math.exp(0.4)) + Math.log(1 + Math.exp(2))) / 2;
        for (MeanDirectionMode mode : MeanDirectionMode.values()) {
            double value = LossProbe.evaluate(loss(mode), E, 2, 2, LABELS, new float[] {2, 0, 0, 5}, false)
                    .loss();
            assertThat(value).as("%s", mode).isCloseTo(expected, within(1e-5));
        }
    }

    @Test
    void rescalingAMeanChangesNeitherValueNorGradient() {
        float[] unit = {0.6f, 0.8f, -1, 0};
        float[] scaled = {6, 8, -0.25f, 0};
        LossProbe.Result a = LossProbe.evaluate(loss(MeanDirectionMode.GLOBAL), E, 2, 2, LABELS, unit, true);
        LossProbe.Result b = LossProbe.evaluate(loss(MeanDirectionMode.GLOBAL), E, 2, 2, LABELS, scaled, true);
        assertThat(b.loss()).isCloseTo(a.loss(), within(1e-6));
        for (int k = 0; k < E.length; k++) {
            assertThat(b.gradient()[k]).as("dL/dE[%d]", k).isCloseTo(a.gradient()[k], within(1e-6f));
        }
    }

    private static VmfLoss loss(MeanDirectionMode mode) {
        return new VmfLoss(2, mode, new RefreshPeriod(1, 0), 2, 2, 0);
    }
}
