package io.dsml.losses.catalog;

import io.dsml.core.params.Params;
import io.dsml.core.probe.FiniteDifferences;
import io.dsml.core.spi.LossFactory;
import io.dsml.losses.center.CenterLossFactory;
import io.dsml.losses.cosine.ArcFaceLossFactory;
import io.dsml.losses.cosine.CosFaceLossFactory;
import io.dsml.losses.cosine.NormalizedSoftmaxLossFactory;
import io.dsml.losses.pair.ContrastiveLossFactory;
import io.dsml.losses.pair.LiftedStructureLossFactory;
import io.dsml.losses.pair.MultiSimilarityLossFactory;
import io.dsml.losses.pair.NPairLossFactory;
import io.dsml.losses.pair.TripletLossFactory;
import io.dsml.losses.proxy.ProxyAnchorLossFactory;
import io.dsml.losses.proxy.ProxyNcaLossFactory;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * dLoss/dE of every loss against central finite differences of its own value. Scales are moderate
 * (scale 8, temperature 0.2, alpha/beta around 10) so that float32 central differences with h =
 * 1e-2 resolve the curvature; the PML reference test covers the default hyperparameters.
 */
class CatalogGradientTest {
    private static final int N = 6;
    private static final int D = 3;
    private static final int CLASSES = 3;
    private static final int[] LABELS = {0, 1, 2, 0, 1, 0};

    static Stream<Arguments> losses() {
        return Stream.of(
                Arguments.of("normalized-softmax", new NormalizedSoftmaxLossFactory(), Map.of("temperature", 0.2)),
                Arguments.of("arcface", new ArcFaceLossFactory(), Map.of("scale", 8)),
                Arguments.of("cosface", new CosFaceLossFactory(), Map.of("scale", 8)),
                Arguments.of("contrastive", new ContrastiveLossFactory(), Map.of("neg_margin", 1.2)),
                Arguments.of(
                        "contrastive/batch-hard",
                        new ContrastiveLossFactory(),
                        Map.of("pos_margin", 0.1, "neg_margin", 1.2, "miner", "batch-hard")),
                Arguments.of("triplet", new TripletLossFactory(), Map.of("margin", 0.3)),
                Arguments.of(
                        "triplet/batch-hard", new TripletLossFactory(), Map.of("margin", 0.3, "miner", "batch-hard")),
                Arguments.of(
                        "triplet/semi-hard",
                        new TripletLossFactory(),
                        Map.of("margin", 0.3, "miner", "semi-hard", "miner_margin", 0.5)),
                Arguments.of("npair", new NPairLossFactory(), Map.of("l2_reg", 0.1)),
                Arguments.of("npair/normalize", new NPairLossFactory(), Map.of("normalize", true)),
                Arguments.of("lifted-structure", new LiftedStructureLossFactory(), Map.of()),
                Arguments.of("multi-similarity", new MultiSimilarityLossFactory(), Map.of("beta", 10, "epsilon", 0.5)),
                Arguments.of(
                        "multi-similarity/all", new MultiSimilarityLossFactory(), Map.of("beta", 10, "miner", "all")),
                Arguments.of("proxy-nca", new ProxyNcaLossFactory(), Map.of("softmax_scale", 2)),
                Arguments.of("proxy-anchor", new ProxyAnchorLossFactory(), Map.of("alpha", 8)),
                Arguments.of("center", new CenterLossFactory(), Map.of("lambda", 0.5)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("losses")
    void gradientMatchesFiniteDifferences(String name, LossFactory factory, Map<String, Object> given) {
        Params params = Params.resolve(name, factory.params(), given);
        LossFactory.LossShape shape = new LossFactory.LossShape(CLASSES, D);
        float[] e = FiniteDifferences.random(N * D, 21);
        float[] classState = factory.create(params, shape).classState().isPresent()
                ? FiniteDifferences.random(CLASSES * D, 22)
                : null;
        FiniteDifferences.assertGradientMatches(
                () -> factory.create(params, shape), e, N, D, LABELS, classState, 1e-2, 3e-3);
    }
}
