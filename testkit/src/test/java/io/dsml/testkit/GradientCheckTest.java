package io.dsml.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;
import io.dsml.core.params.ParamSpec;
import io.dsml.core.params.Params;
import io.dsml.core.spi.LossFactory;
import io.dsml.core.spi.MetricLoss;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The checker passes a correct gradient and catches a wrong one. */
class GradientCheckTest {
    /** {@code scale * sum(e^2)}; with {@code broken}, half the gradient is cut off (detached factor). */
    static final class Quadratic extends MetricLoss {
        private final float scale;
        private final boolean broken;

        Quadratic(double scale, boolean broken) {
            this.scale = (float) scale;
            this.broken = broken;
        }

        @Override
        protected NDArray loss(ParameterStore store, NDArray embeddings, NDArray labels, boolean training) {
            NDArray other = broken ? embeddings.stopGradient() : embeddings;
            return embeddings.mul(other).sum().mul(scale);
        }
    }

    static final class Factory implements LossFactory {
        private final boolean broken;

        Factory(boolean broken) {
            this.broken = broken;
        }

        @Override
        public String name() {
            return broken ? "broken-quadratic" : "quadratic";
        }

        @Override
        public String description() {
            return "scale * sum of squares";
        }

        @Override
        public List<ParamSpec> params() {
            return List.of(ParamSpec.real("scale", 1.0, 0.0, 10.0, "factor"));
        }

        @Override
        public MetricLoss create(Params params, LossShape shape) {
            return new Quadratic(params.getDouble("scale"), broken);
        }
    }

    @Test
    void aCorrectGradientPasses() {
        GradientCheck.Result result =
                GradientCheck.of(new Factory(false)).set("scale", 0.5).run();
        assertThat(result.failures()).isZero();
        assertThat(result.coordinates()).isEqualTo(32); // 8 x 4
        GradientCheck.of(new Factory(false)).batch(6, 3, 3).seed(4).assertMatches();
    }

    @Test
    void aWrongGradientIsCaughtWithTheWorstCoordinate() {
        GradientCheck.Result result =
                GradientCheck.of(new Factory(true)).set("scale", 2).run();
        // Autograd sees 2 e (the detached factor cut), the true gradient is 4 e.
        assertThat(result.autograd()).isCloseTo(result.numeric() / 2, org.assertj.core.data.Offset.offset(1e-3));
        assertThat(result.failures()).isPositive();
        assertThatThrownBy(() ->
                        GradientCheck.of(new Factory(true)).set("scale", 2).assertMatches())
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("broken-quadratic: dL/dE[")
                .hasMessageContaining("by central differences (h = 0.01)");
    }

    @Test
    void hyperparametersAreValidatedLikeSetOptions() {
        assertThatThrownBy(() ->
                        GradientCheck.of(new Factory(false)).set("scale", 20).run())
                .hasMessageContaining("scale");
        assertThatThrownBy(() -> GradientCheck.of(new Factory(false)).batch(3, 2, 2))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aLossThatIsNotRegisteredIsReportedWithTheServicesFile() {
        assertThatThrownBy(() -> PluginCheck.assertDiscovered("no-such-loss"))
                .isInstanceOf(AssertionError.class)
                .hasMessage("ServiceLoader found 0 LossFactory named 'no-such-loss'; expected 1. Is the class listed in"
                        + " src/main/resources/META-INF/services/io.dsml.core.spi.LossFactory?");
    }
}
