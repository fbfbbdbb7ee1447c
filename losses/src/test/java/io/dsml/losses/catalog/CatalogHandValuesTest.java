package io.dsml.losses.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import io.dsml.core.params.Params;
import io.dsml.core.probe.LossProbe;
import io.dsml.core.spi.LossFactory;
import io.dsml.core.spi.MetricLoss;
import io.dsml.losses.center.CenterLoss;
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
import org.junit.jupiter.api.Test;

/**
 * Each loss on an input small enough to work out by hand. The recurring batch is three unit
 * vectors in the plane, (1,0) and (0,1) of class 0 and (-1,0) of class 1: d01 = sqrt 2, d02 = 2,
 * d12 = sqrt 2; cosines 0, -1, 0.
 */
class CatalogHandValuesTest {
    private static final float[] THREE = {1, 0, 0, 1, -1, 0};
    private static final int[] THREE_LABELS = {0, 0, 1};
    private static final double SQRT2 = Math.sqrt(2);

    @Test
    void contrastive() {
        // positives: (0,1), (1,0) cost sqrt 2 each -> mean sqrt 2.
        // negatives with neg_margin 1.5: (0,2), (2,0) cost 0; (1,2), (2,1) cost 1.5 - sqrt 2 -> non-zero mean 1.5 -
        // sqrt 2.
        assertThat(value(new ContrastiveLossFactory(), Map.of("neg_margin", 1.5), THREE, THREE_LABELS, 2, null))
                .isCloseTo(1.5, within(1e-5));
    }

    @Test
    void triplet() {
        // (0,1,2): sqrt 2 - 2 + 0.5 < 0; (1,0,2): sqrt 2 - sqrt 2 + 0.5 = 0.5 -> non-zero mean 0.5.
        assertThat(value(new TripletLossFactory(), Map.of("margin", 0.5), THREE, THREE_LABELS, 2, null))
                .isCloseTo(0.5, within(1e-5));
    }

    @Test
    void npair() {
        // pairs (0,1) and (2,3); logits [[2, 0], [0, 3]]; l2_reg 0.1 * mean(1, 4, 1, 9).
        float[] e = {1, 0, 2, 0, 0, 1, 0, 3};
        double expected = (Math.log(1 + Math.exp(-2)) + Math.log(1 + Math.exp(-3))) / 2 + 0.1 * 3.75;
        assertThat(value(new NPairLossFactory(), Map.of("l2_reg", 0.1), e, new int[] {0, 0, 1, 1}, 2, null))
                .isCloseTo(expected, within(1e-5));
    }

    @Test
    void liftedStructure() {
        // J_01 = log(exp(1 - d02) + exp(1 - d12)) + d01, the same for (1,0); loss = J^2 / 2.
        double j = Math.log(Math.exp(1 - 2) + Math.exp(1 - SQRT2)) + SQRT2;
        assertThat(value(new LiftedStructureLossFactory(), Map.of(), THREE, THREE_LABELS, 2, null))
                .isCloseTo(j * j / 2, within(1e-5));
    }

    @Test
    void multiSimilarity() {
        // alpha 2, beta 50, base 0.5, all pairs. Anchors 0 and 1: positive cosine 0, negative cosine -1 resp. 0;
        // anchor 2: no positive, negatives with cosines -1 and 0.
        double pos = Math.log(1 + Math.exp(2 * 0.5)) / 2;
        double a0 = pos + Math.log(1 + Math.exp(50 * (-1 - 0.5))) / 50;
        double a1 = pos + Math.log(1 + Math.exp(50 * (0 - 0.5))) / 50;
        double a2 = Math.log(1 + Math.exp(50 * (-1.5)) + Math.exp(50 * (-0.5))) / 50;
        assertThat(value(new MultiSimilarityLossFactory(), Map.of("miner", "all"), THREE, THREE_LABELS, 2, null))
                .isCloseTo((a0 + a1 + a2) / 3, within(1e-5));
    }

    @Test
    void proxyNca() {
        // squared distances to the proxies 0 and 2 -> -log softmax(0, -2)[0].
        float[] proxies = {1, 0, 0, 1};
        assertThat(value(new ProxyNcaLossFactory(), Map.of(), new float[] {3, 0}, new int[] {0}, 2, proxies))
                .isCloseTo(Math.log(1 + Math.exp(-2)), within(1e-5));
    }

    @Test
    void proxyAnchor() {
        // cosines = identity; both proxies have a positive (cos 1) and a negative (cos 0).
        float[] proxies = {1, 0, 0, 1};
        double expected = Math.log(1 + Math.exp(32 * (0.1 - 1))) + Math.log(1 + Math.exp(32 * 0.1));
        assertThat(value(
                        new ProxyAnchorLossFactory(), Map.of(), new float[] {2, 0, 0, 5}, new int[] {0, 1}, 2, proxies))
                .isCloseTo(expected, within(1e-4));
    }

    @Test
    void normalizedSoftmaxCosFaceAndArcFace() {
        // e = (3,4): cosines (0.6, 0.8) with the class weights (1,0), (0,1); label 0.
        float[] w = {1, 0, 0, 1};
        float[] e = {3, 4};
        int[] y = {0};
        assertThat(value(new NormalizedSoftmaxLossFactory(), Map.of("temperature", 0.5), e, y, 2, w))
                .isCloseTo(Math.log(1 + Math.exp(1.6 - 1.2)), within(1e-5));
        assertThat(value(new CosFaceLossFactory(), Map.of("margin", 0.1, "scale", 2), e, y, 2, w))
                .isCloseTo(Math.log(1 + Math.exp(1.6 - 2 * 0.5)), within(1e-5));
        double target = 2 * Math.cos(Math.acos(0.6) + 0.2);
        assertThat(value(new ArcFaceLossFactory(), Map.of("margin", 0.2, "scale", 2), e, y, 2, w))
                .isCloseTo(Math.log(1 + Math.exp(1.6 - target)), within(1e-5));
    }

    @Test
    void centerTerm() {
        // centers (0,0), (9,9); both samples class 0: lambda * mean(|e - c_0|^2) / 2 = (5 + 25) / 4.
        float[] centers = {0, 0, 9, 9};
        assertThat(value(
                        new CenterLossFactory(),
                        Map.of("lambda", 1, "softmax_weight", 0),
                        new float[] {1, 2, 3, 4},
                        new int[] {0, 0},
                        2,
                        centers))
                .isCloseTo(7.5, within(1e-5));
    }

    @Test
    void centersFollowWenEtAlsUpdateRule() {
        // alpha 0.5: c_0 <- c_0 - 0.5 * ((c_0 - e_1) + (c_0 - e_2)) / (1 + 2) = (2/3, 1); c_1 untouched.
        CenterLoss loss = new CenterLoss(1, 0.5, 0, 2, 2);
        try (NDManager manager = NDManager.newBaseManager()) {
            LossProbe.evaluate(
                    manager, loss, new float[] {1, 2, 3, 4}, 2, 2, new int[] {0, 0}, new float[] {0, 0, 9, 9}, false);
            loss.applyPendingUpdate();
            assertThat(loss.centers().getArray().toFloatArray())
                    .containsExactly(new float[] {2f / 3, 1, 9, 9}, within(1e-6f));
        }
    }

    private static double value(
            LossFactory factory, Map<String, Object> given, float[] e, int[] labels, int d, float[] classState) {
        int classes = classState == null ? 2 : classState.length / d;
        MetricLoss loss =
                factory.create(Params.resolve("test", factory.params(), given), new LossFactory.LossShape(classes, d));
        return LossProbe.evaluate(loss, e, labels.length, d, labels, classState, false)
                .loss();
    }
}
