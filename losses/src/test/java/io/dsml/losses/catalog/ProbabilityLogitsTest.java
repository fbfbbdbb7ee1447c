package io.dsml.losses.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.dsml.core.params.Params;
import io.dsml.core.probe.FiniteDifferences;
import io.dsml.core.probe.LossProbe;
import io.dsml.core.spi.LossFactory;
import io.dsml.core.spi.MetricLoss;
import io.dsml.evaluation.Calibration;
import io.dsml.losses.center.CenterLossFactory;
import io.dsml.losses.cosine.ArcFaceLossFactory;
import io.dsml.losses.cosine.CosFaceLossFactory;
import io.dsml.losses.cosine.NormalizedSoftmaxLossFactory;
import io.dsml.losses.pair.ContrastiveLossFactory;
import io.dsml.losses.pair.TripletLossFactory;
import io.dsml.losses.proxy.ProxyAnchorLossFactory;
import io.dsml.losses.proxy.ProxyNcaLossFactory;
import io.dsml.losses.softmax.SoftmaxLossFactory;
import io.dsml.losses.vmf.VmfLossFactory;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The class-probability logits of every loss that defines a class posterior: where the training
 * loss is exactly the cross-entropy of that posterior (no margin), the loss value must equal the
 * NLL of the logits; margins apply to training only.
 */
class ProbabilityLogitsTest {
    private static final int N = 6;
    private static final int D = 3;
    private static final int CLASSES = 3;
    private static final int[] LABELS = {0, 1, 2, 0, 1, 0};

    /** Unit class vectors set explicitly, so the identity does not rest on any initialiser. */
    private static final float[] CLASS_STATE = unitRows(FiniteDifferences.random(CLASSES * D, 33));

    private static float[] unitRows(float[] values) {
        for (int r = 0; r < CLASSES; r++) {
            double norm = 0;
            for (int j = 0; j < D; j++) {
                norm += values[r * D + j] * values[r * D + j];
            }
            for (int j = 0; j < D; j++) {
                values[r * D + j] /= (float) Math.sqrt(norm);
            }
        }
        return values;
    }

    static Stream<Arguments> crossEntropyLosses() {
        return Stream.of(
                Arguments.of("softmax", new SoftmaxLossFactory(), Map.of()),
                Arguments.of("vmf", new VmfLossFactory(), Map.of("kappa", 5)),
                Arguments.of("normalized-softmax", new NormalizedSoftmaxLossFactory(), Map.of("temperature", 0.2)),
                Arguments.of("cosface", new CosFaceLossFactory(), Map.of("scale", 8, "margin", 0)),
                Arguments.of("arcface", new ArcFaceLossFactory(), Map.of("scale", 8, "margin", 0)),
                Arguments.of("proxy-nca", new ProxyNcaLossFactory(), Map.of("softmax_scale", 2)),
                Arguments.of("center", new CenterLossFactory(), Map.of("lambda", 0)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("crossEntropyLosses")
    void lossIsTheNllOfItsPosterior(String name, LossFactory factory, Map<String, Object> given) {
        MetricLoss loss = create(factory, name, given);
        float[] e = FiniteDifferences.random(N * D, 31);
        try (NDManager manager = NDManager.newBaseManager()) {
            double value = LossProbe.evaluate(manager, loss, e, N, D, LABELS, CLASS_STATE, false)
                    .loss();
            float[] logits = logits(manager, loss, e);
            assertThat(Calibration.nll(logits, N, CLASSES, LABELS)).isCloseTo(value, within(1e-5));
        }
    }

    @Test
    void marginsDoNotEnterTheTestPosterior() {
        float[] e = FiniteDifferences.random(N * D, 32);
        MetricLoss withMargin = create(new CosFaceLossFactory(), "cosface", Map.of("scale", 8, "margin", 0.35));
        MetricLoss without = create(new CosFaceLossFactory(), "cosface", Map.of("scale", 8, "margin", 0));
        try (NDManager a = NDManager.newBaseManager();
                NDManager b = NDManager.newBaseManager()) {
            LossProbe.evaluate(a, withMargin, e, N, D, LABELS, CLASS_STATE, false);
            LossProbe.evaluate(b, without, e, N, D, LABELS, CLASS_STATE, false);
            assertThat(logits(a, withMargin, e)).containsExactly(logits(b, without, e), within(1e-6f));
        }
    }

    @Test
    void lossesWithoutAClassPosteriorHaveNone() {
        assertThat(create(new TripletLossFactory(), "triplet", Map.of()).probabilityLogits())
                .isEmpty();
        assertThat(create(new ContrastiveLossFactory(), "contrastive", Map.of()).probabilityLogits())
                .isEmpty();
        assertThat(create(new ProxyAnchorLossFactory(), "proxy-anchor", Map.of())
                        .probabilityLogits())
                .isEmpty();
        assertThat(create(new CenterLossFactory(), "center", Map.of("softmax_weight", 0))
                        .probabilityLogits())
                .isEmpty();
    }

    private static MetricLoss create(LossFactory factory, String name, Map<String, Object> given) {
        return factory.create(Params.resolve(name, factory.params(), given), new LossFactory.LossShape(CLASSES, D));
    }

    private static float[] logits(NDManager manager, MetricLoss loss, float[] e) {
        try (NDManager scope = manager.newSubManager()) {
            return loss.probabilityLogits()
                    .orElseThrow()
                    .scores(new ParameterStore(scope, false), scope.create(e, new Shape(N, D)))
                    .toFloatArray();
        }
    }
}
