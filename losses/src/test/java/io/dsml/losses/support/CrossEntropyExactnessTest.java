package io.dsml.losses.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.dsml.core.probe.LossProbe;
import io.dsml.core.spi.MetricLoss;
import io.dsml.core.spi.RefreshPeriod;
import io.dsml.losses.cosine.ArcFaceLoss;
import io.dsml.losses.cosine.CosFaceLoss;
import io.dsml.losses.cosine.NormalizedSoftmaxLoss;
import io.dsml.losses.pair.NPairLoss;
import io.dsml.losses.proxy.ProxyNcaLoss;
import io.dsml.losses.softmax.SoftmaxLoss;
import io.dsml.losses.vmf.MeanDirectionMode;
import io.dsml.losses.vmf.VmfLoss;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Cross-entropy is exact to float32 rounding: two equal logits cost ln 2 (MXNet's {@code
 * log_softmax} gives 0.69314575, 1.4e-6 short), and a sample classified with certainty costs 0,
 * never a negative loss. Checked on {@link BatchOps#crossEntropy} and on every loss built on it.
 */
class CrossEntropyExactnessTest {
    private static final double LN2 = Math.log(2);
    /** Half a float32 ulp at 0.69 is 3e-8; allow a few roundings. */
    private static final double FLOAT32_ROUNDING = 1.5e-7;

    @Test
    void equalLogitsCostLnTwoAndCertainOnesCostZero() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray equal = manager.create(new float[] {0, 0, 7, 7, -3, -3}, new Shape(3, 2));
            NDArray labels = manager.create(new int[] {0, 1, 0});
            assertThat((double) BatchOps.crossEntropy(equal, labels).getFloat())
                    .isCloseTo(LN2, within(FLOAT32_ROUNDING));

            NDArray certain = manager.create(new float[] {0, 100, 100, 0, 0, 40}, new Shape(3, 2));
            float loss = BatchOps.crossEntropy(certain, manager.create(new int[] {1, 0, 1}))
                    .getFloat();
            assertThat(loss).isGreaterThanOrEqualTo(0f).isLessThan(1e-17f);

            // Three classes, one certain and one equal: (0 + ln 3) / 2 for rows [5, 5, 5] and [0, 90, 0].
            NDArray mixed = manager.create(new float[] {5, 5, 5, 0, 90, 0}, new Shape(2, 3));
            assertThat((double) BatchOps.crossEntropy(mixed, manager.create(new int[] {2, 1}))
                            .getFloat())
                    .isCloseTo(Math.log(3) / 2, within(FLOAT32_ROUNDING));
        }
    }

    /**
     * Each cross-entropy loss on one embedding e = (0, 1) whose two logits are equal by symmetry:
     * class states (1, 0) and (-1, 0) are equally far from it (cosine 0, equal squared distance,
     * equal inner product).
     */
    static Stream<Arguments> equalLogitLosses() {
        return Stream.of(
                Arguments.of("softmax", (Supplier<MetricLoss>) () -> new SoftmaxLoss(2, 2)),
                Arguments.of("vmf", (Supplier<MetricLoss>)
                        () -> new VmfLoss(16f, MeanDirectionMode.GLOBAL, RefreshPeriod.onlyAtStart(), 2, 2, 0)),
                Arguments.of("normalized-softmax", (Supplier<MetricLoss>) () -> new NormalizedSoftmaxLoss(0.05, 2, 2)),
                Arguments.of("cosface", (Supplier<MetricLoss>) () -> new CosFaceLoss(0, 64, 2, 2)),
                // Scale 1: cos(acos(0)) is -4.4e-8 in float32, which scale 64 would make 1.4e-6.
                Arguments.of("arcface", (Supplier<MetricLoss>) () -> new ArcFaceLoss(0, 1, 2, 2)),
                Arguments.of("proxy-nca", (Supplier<MetricLoss>) () -> new ProxyNcaLoss(3, 2, 2)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("equalLogitLosses")
    void equalLogitsGiveLnTwo(String name, Supplier<MetricLoss> loss) {
        float[] classState = {1, 0, -1, 0};
        double value = LossProbe.evaluate(loss.get(), new float[] {0, 1}, 1, 2, new int[] {0}, classState, false)
                .loss();
        assertThat(value).as(name).isCloseTo(LN2, within(FLOAT32_ROUNDING));
    }

    @Test
    void npairWithEqualInnerProductsGivesLnTwo() {
        // Anchors (1, 0) and (0, 1), both positives (1, 1): every logit is 1.
        float[] e = {1, 0, 0, 1, 1, 1, 1, 1};
        double value = LossProbe.evaluate(new NPairLoss(0, false), e, 4, 2, new int[] {0, 1, 0, 1}, null, false)
                .loss();
        assertThat(value).isCloseTo(LN2, within(FLOAT32_ROUNDING));
    }

    @Test
    void aVmfSampleOnItsOwnMeanDirectionNeverCostsLessThanZero() {
        // kappa 60, z = mu_0, mu_1 = -mu_0: loss log(1 + exp(-120)), 0 in float32, never below.
        float[] means = {0.6f, 0.8f, -0.6f, -0.8f};
        double value = LossProbe.evaluate(
                        new VmfLoss(60f, MeanDirectionMode.GLOBAL, RefreshPeriod.onlyAtStart(), 2, 2, 0),
                        new float[] {3, 4},
                        1,
                        2,
                        new int[] {0},
                        means,
                        false)
                .loss();
        assertThat(value).isGreaterThanOrEqualTo(0).isLessThan(1e-30);
    }
}
