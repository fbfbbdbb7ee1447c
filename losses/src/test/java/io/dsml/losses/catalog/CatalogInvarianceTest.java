package io.dsml.losses.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.dsml.core.params.Params;
import io.dsml.core.probe.FiniteDifferences;
import io.dsml.core.probe.LossProbe;
import io.dsml.core.spi.LossFactory;
import io.dsml.core.spi.MetricLoss;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Invariances: of the cosine losses under rescaling an embedding, of every loss under reordering the batch. */
class CatalogInvarianceTest {
    private static final int N = 6;
    private static final int D = 3;
    private static final int CLASSES = 3;
    /** Exactly two samples per class, so N-pair's "first two of each class" survive reordering. */
    private static final int[] LABELS = {0, 1, 2, 0, 1, 2};

    /** Losses defined on L2-normalised embeddings. */
    static Stream<Arguments> cosineLosses() {
        return Stream.of(
                Arguments.of("normalized-softmax", new NormalizedSoftmaxLossFactory(), Map.of()),
                Arguments.of("arcface", new ArcFaceLossFactory(), Map.of()),
                Arguments.of("cosface", new CosFaceLossFactory(), Map.of()),
                Arguments.of("contrastive", new ContrastiveLossFactory(), Map.of()),
                Arguments.of("triplet/semi-hard", new TripletLossFactory(), Map.of("miner", "semi-hard")),
                Arguments.of("npair/normalize", new NPairLossFactory(), Map.of("normalize", true, "l2_reg", 0)),
                Arguments.of("lifted-structure", new LiftedStructureLossFactory(), Map.of()),
                Arguments.of("multi-similarity", new MultiSimilarityLossFactory(), Map.of()),
                Arguments.of("proxy-nca", new ProxyNcaLossFactory(), Map.of()),
                Arguments.of("proxy-anchor", new ProxyAnchorLossFactory(), Map.of()));
    }

    static Stream<Arguments> allLosses() {
        return Stream.concat(
                cosineLosses(),
                Stream.of(
                        Arguments.of("npair", new NPairLossFactory(), Map.of()),
                        Arguments.of("triplet/batch-hard", new TripletLossFactory(), Map.of("miner", "batch-hard")),
                        Arguments.of("center", new CenterLossFactory(), Map.of())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cosineLosses")
    void unchangedByRescalingAnEmbedding(String name, LossFactory factory, Map<String, Object> given) {
        float[] e = FiniteDifferences.random(N * D, 31);
        float[] scaled = e.clone();
        for (int j = 0; j < D; j++) {
            scaled[2 * D + j] *= 7.5f;
            scaled[4 * D + j] *= 0.2f;
        }
        assertThat(value(factory, given, scaled, LABELS)).isCloseTo(value(factory, given, e, LABELS), within(2e-5));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allLosses")
    void unchangedByReorderingTheBatch(String name, LossFactory factory, Map<String, Object> given) {
        // Keeps the order of the samples within each class: N-pair's anchor is its class's first sample.
        int[] order = {1, 2, 0, 4, 5, 3};
        float[] e = FiniteDifferences.random(N * D, 32);
        float[] reordered = new float[e.length];
        int[] reorderedLabels = new int[N];
        for (int i = 0; i < N; i++) {
            System.arraycopy(e, order[i] * D, reordered, i * D, D);
            reorderedLabels[i] = LABELS[order[i]];
        }
        assertThat(value(factory, given, reordered, reorderedLabels))
                .isCloseTo(value(factory, given, e, LABELS), within(2e-5));
    }

    @Test
    void pairLossesDeclareThatTheyNeedPositivePairs() {
        LossFactory.LossShape shape = new LossFactory.LossShape(CLASSES, D);
        for (LossFactory f : new LossFactory[] {
            new ContrastiveLossFactory(),
            new TripletLossFactory(),
            new NPairLossFactory(),
            new LiftedStructureLossFactory(),
            new MultiSimilarityLossFactory()
        }) {
            assertThat(f.create(Params.defaults(f.params()), shape).needsPositivePairs())
                    .as(f.name())
                    .isTrue();
        }
        for (LossFactory f : new LossFactory[] {
            new ProxyNcaLossFactory(),
            new ProxyAnchorLossFactory(),
            new NormalizedSoftmaxLossFactory(),
            new CenterLossFactory()
        }) {
            assertThat(f.create(Params.defaults(f.params()), shape).needsPositivePairs())
                    .as(f.name())
                    .isFalse();
        }
    }

    private static double value(LossFactory factory, Map<String, Object> given, float[] e, int[] labels) {
        MetricLoss loss =
                factory.create(Params.resolve("test", factory.params(), given), new LossFactory.LossShape(CLASSES, D));
        float[] classState = loss.classState().isPresent() ? FiniteDifferences.random(CLASSES * D, 33) : null;
        return LossProbe.evaluate(loss, e, N, D, labels, classState, false).loss();
    }
}
