package io.dsml.losses.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.dsml.core.probe.LossProbe;
import io.dsml.core.spi.MetricLoss;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Checks a loss's autograd gradient against central finite differences of its own value. A fresh
 * loss is built for every evaluation (from {@code factory}) so no state carries over.
 */
public final class GradientCheck {
    private GradientCheck() {}

    /** Random float32 values in [-1, 1). */
    public static float[] random(int count, long seed) {
        Random random = new Random(seed);
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = random.nextFloat() * 2 - 1;
        }
        return values;
    }

    /**
     * Asserts dLoss/dE matches (L(E + h e_k) - L(E - h e_k)) / 2h for every coordinate k.
     *
     * @param classState class state to set, or null
     * @param tolerance absolute tolerance per coordinate
     */
    public static void assertGradientMatches(
            Supplier<MetricLoss> factory,
            float[] embeddings,
            int n,
            int d,
            int[] labels,
            float[] classState,
            double h,
            double tolerance) {
        float[] gradient = LossProbe.evaluate(factory.get(), embeddings, n, d, labels, classState, true)
                .gradient();
        for (int k = 0; k < embeddings.length; k++) {
            float[] plus = embeddings.clone();
            float[] minus = embeddings.clone();
            plus[k] += (float) h;
            minus[k] -= (float) h;
            double up = LossProbe.evaluate(factory.get(), plus, n, d, labels, classState, false)
                    .loss();
            double down = LossProbe.evaluate(factory.get(), minus, n, d, labels, classState, false)
                    .loss();
            double numeric = (up - down) / (2 * h);
            assertThat((double) gradient[k]).as("dL/dE[%d]", k).isCloseTo(numeric, within(tolerance));
        }
    }
}
