package io.dsml.losses.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.dsml.core.params.Params;
import io.dsml.core.probe.FiniteDifferences;
import io.dsml.core.probe.LossProbe;
import io.dsml.core.spi.LossFactory;
import io.dsml.core.spi.MetricLoss;
import io.dsml.losses.pair.ContrastiveLossFactory;
import io.dsml.losses.pair.MultiSimilarityLossFactory;
import io.dsml.losses.pair.TripletLossFactory;
import io.dsml.losses.proxy.ProxyAnchorLossFactory;
import io.dsml.losses.vmf.VmfLossFactory;
import io.dsml.losses.vmfscott.VmfScottLossFactory;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An all-zero embedding row, as torch's {@code F.normalize} treats it: the norm is clamped at
 * 1e-12, so the row normalises to 0 and its gradient is finite (no NaN from 0/0 in the norm's
 * derivative). The other rows' gradients are what they are without the zero row's norm.
 */
class ZeroRowGradientTest {
    private static final int N = 6;
    private static final int D = 3;
    private static final int CLASSES = 3;
    private static final int[] LABELS = {0, 1, 2, 0, 1, 0};
    private static final int ZERO_ROW = 2;

    static Stream<Arguments> losses() {
        return Stream.of(
                Arguments.of("vmf", new VmfLossFactory(), Map.of()),
                Arguments.of("triplet", new TripletLossFactory(), Map.of()),
                // The zero row is at distance exactly 1 from every other row: with neg_margin 1 its
                // negative pairs sit on the hinge, where float rounding flips them in and out of the
                // non-zero average and finite differences jump.
                Arguments.of("contrastive", new ContrastiveLossFactory(), Map.of("neg_margin", 1.2)),
                Arguments.of("multi-similarity", new MultiSimilarityLossFactory(), Map.of()),
                Arguments.of("proxy-anchor", new ProxyAnchorLossFactory(), Map.of()),
                // A fixed scale: derived from the batch, it would move with the finite differences.
                Arguments.of("vmf-scott", new VmfScottLossFactory(), Map.of("z_kappa_mult", 2.0)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("losses")
    void zeroRowGivesFiniteValueAndGradient(String name, LossFactory factory, Map<String, Object> given) {
        float[] e = FiniteDifferences.random(N * D, 31);
        for (int j = 0; j < D; j++) {
            e[ZERO_ROW * D + j] = 0;
        }
        MetricLoss loss = create(name, factory, given);
        float[] classState = loss.classState().isPresent() ? FiniteDifferences.random(CLASSES * D, 32) : null;
        LossProbe.Result result = LossProbe.evaluate(loss, e, N, D, LABELS, classState, true);
        assertThat(result.loss()).as("value").isFinite();
        for (int k = 0; k < result.gradient().length; k++) {
            assertThat((double) result.gradient()[k]).as("dL/dE[%d]", k).isFinite();
        }
        // The other rows' gradients are finite differences of the value as usual.
        float[] gradient = result.gradient();
        for (int k = 0; k < e.length; k++) {
            if (k / D == ZERO_ROW) {
                continue;
            }
            double h = 1e-2;
            float[] plus = e.clone();
            float[] minus = e.clone();
            plus[k] += (float) h;
            minus[k] -= (float) h;
            double numeric =
                    (value(name, factory, given, plus, classState) - value(name, factory, given, minus, classState))
                            / (2 * h);
            assertThat((double) gradient[k]).as("dL/dE[%d]", k).isCloseTo(numeric, within(5e-3));
        }
    }

    private static double value(
            String name, LossFactory factory, Map<String, Object> given, float[] e, float[] classState) {
        return LossProbe.evaluate(create(name, factory, given), e, N, D, LABELS, classState, false)
                .loss();
    }

    private static MetricLoss create(String name, LossFactory factory, Map<String, Object> given) {
        return factory.create(Params.resolve(name, factory.params(), given), new LossFactory.LossShape(CLASSES, D));
    }
}
