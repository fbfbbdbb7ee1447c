package io.dsml.losses.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.dsml.core.params.Params;
import io.dsml.core.probe.LossProbe;
import io.dsml.core.spi.LossFactory;
import io.dsml.core.spi.MetricLoss;
import io.dsml.losses.cosine.ArcFaceLossFactory;
import io.dsml.losses.cosine.NormalizedSoftmaxLossFactory;
import io.dsml.losses.proxy.ProxyAnchorLossFactory;
import io.dsml.losses.softmax.SoftmaxLossFactory;
import io.dsml.losses.vmf.VmfLossFactory;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code posteriorScale} turns the classifier's scores into the loss's own class posterior: on one
 * sample, each softmax-type loss equals -log softmax(scale * scores)[y]. (Proxy-NCA's 2 *
 * softmax_scale follows from ||z - p||^2 = 2 - 2 cos for unit vectors; it is not checked against
 * the loss here because LossProbe with a set proxy state returned stale values in this setting.)
 */
class PosteriorScaleTest {
    private static final float[] Z = {0.6f, 0.8f};
    private static final float[] STATE = {1, 0, 0, 1, -0.6f, 0.8f};

    private static void check(LossFactory factory, Map<String, Object> params) {
        MetricLoss loss =
                factory.create(Params.resolve("p", factory.params(), params), new LossFactory.LossShape(3, 2));
        try (NDManager manager = NDManager.newBaseManager()) {
            double value = LossProbe.evaluate(manager, loss, Z, 1, 2, new int[] {1}, STATE, false)
                    .loss();
            NDArray scores = loss.classifier()
                    .orElseThrow()
                    .scores(new ParameterStore(manager, false), manager.create(Z, new Shape(1, 2)));
            float scale = (float) loss.posteriorScale().orElseThrow();
            float[] p = scores.mul(scale).softmax(1).toFloatArray();
            assertThat(-Math.log(p[1])).as(factory.name()).isCloseTo(value, within(1e-5));
        }
    }

    @Test
    void vmfIsKappaTimesTheCosines() {
        check(new VmfLossFactory(), Map.of("kappa", 7, "means", "learned"));
    }

    @Test
    void normalizedSoftmaxIsOneOverTheTemperature() {
        check(new NormalizedSoftmaxLossFactory(), Map.of("temperature", 0.25));
    }

    @Test
    void arcFaceWithoutMarginIsItsScale() {
        check(new ArcFaceLossFactory(), Map.of("margin", 0.0, "scale", 4));
    }

    @Test
    void softmaxLogitsNeedNoScaleAndProxyAnchorHasNoPosterior() {
        MetricLoss softmax = new SoftmaxLossFactory()
                .create(Params.defaults(new SoftmaxLossFactory().params()), new LossFactory.LossShape(3, 2));
        assertThat(softmax.posteriorScale().orElseThrow()).isEqualTo(1.0);
        MetricLoss anchor = new ProxyAnchorLossFactory()
                .create(Params.defaults(new ProxyAnchorLossFactory().params()), new LossFactory.LossShape(3, 2));
        assertThat(anchor.classifier()).isPresent();
        assertThat(anchor.posteriorScale()).isEmpty();
    }
}
