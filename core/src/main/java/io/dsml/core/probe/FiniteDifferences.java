package io.dsml.core.probe;

import io.dsml.core.spi.MetricLoss;
import java.util.Random;
import java.util.function.Supplier;

/**
 * A loss's gradient dLoss/dE, as DJL's autograd computes it through {@link LossProbe}, against
 * central finite differences of the loss's own value, {@code (L(E + h e_k) - L(E - h e_k)) /
 * (2h)}, coordinate by coordinate. Each evaluation uses a fresh loss from the supplier, so no state
 * carries over. The engine behind the plugin test kit's {@code GradientCheck} and the built-in
 * losses' gradient tests.
 */
public final class FiniteDifferences {
    private FiniteDifferences() {}

    /**
     * The worst coordinate of a comparison.
     *
     * @param index row-major index into E [n, d] of the coordinate with the largest excess error
     * @param autograd dLoss/dE there by autograd
     * @param numeric the central difference there
     * @param failures how many coordinates are outside the tolerance
     * @param coordinates how many were compared
     */
    public record Result(int index, double autograd, double numeric, int failures, int coordinates) {}

    /** Seeded uniform float32 values in [-1, 1). */
    public static float[] random(int count, long seed) {
        Random random = new Random(seed);
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = random.nextFloat() * 2 - 1;
        }
        return values;
    }

    /**
     * Compares every coordinate; one passes when |autograd - numeric| &lt;= absolute + relative
     * |numeric|.
     *
     * @param embeddings E [n, d], row-major
     * @param classState class state set in every evaluation, or null
     * @param h the nominal step; the central difference divides by the step float32 actually took
     */
    public static Result compare(
            Supplier<MetricLoss> losses,
            float[] embeddings,
            int d,
            int[] labels,
            float[] classState,
            double h,
            double absolute,
            double relative) {
        int n = embeddings.length / d;
        float[] gradient = LossProbe.evaluate(losses.get(), embeddings, n, d, labels, classState, true)
                .gradient();
        int worst = 0;
        double worstExcess = Double.NEGATIVE_INFINITY;
        double worstNumeric = 0;
        int failures = 0;
        for (int k = 0; k < embeddings.length; k++) {
            double numeric = centralDifference(losses, embeddings, d, labels, classState, h, k);
            double excess = Math.abs(gradient[k] - numeric) - (absolute + relative * Math.abs(numeric));
            if (!(excess <= 0)) {
                failures++;
            }
            if (!(excess <= worstExcess)) {
                worst = k;
                worstExcess = excess;
                worstNumeric = numeric;
            }
        }
        return new Result(worst, gradient[worst], worstNumeric, failures, embeddings.length);
    }

    /**
     * Asserts that every coordinate matches within {@code tolerance} (absolute).
     *
     * @throws AssertionError naming the worst coordinate
     */
    public static void assertGradientMatches(
            Supplier<MetricLoss> losses,
            float[] embeddings,
            int n,
            int d,
            int[] labels,
            float[] classState,
            double h,
            double tolerance) {
        if (embeddings.length != n * d) {
            throw new IllegalArgumentException(
                    "embeddings hold " + embeddings.length + " values, not n * d = " + n * d);
        }
        Result result = compare(losses, embeddings, d, labels, classState, h, tolerance, 0);
        if (result.failures() > 0) {
            throw new AssertionError(String.format(
                    "dL/dE[%d,%d] = %.6g by autograd but %.6g by central differences (h = %s); "
                            + "%d of %d coordinates differ by more than %s",
                    result.index() / d,
                    result.index() % d,
                    result.autograd(),
                    result.numeric(),
                    h,
                    result.failures(),
                    result.coordinates(),
                    tolerance));
        }
    }

    private static double centralDifference(
            Supplier<MetricLoss> losses, float[] embeddings, int d, int[] labels, float[] state, double h, int k) {
        float[] plus = embeddings.clone();
        float[] minus = embeddings.clone();
        plus[k] += (float) h;
        minus[k] -= (float) h;
        double taken = (double) plus[k] - minus[k]; // the step float32 took, not the nominal one
        int n = embeddings.length / d;
        return (LossProbe.evaluate(losses.get(), plus, n, d, labels, state, false)
                                .loss()
                        - LossProbe.evaluate(losses.get(), minus, n, d, labels, state, false)
                                .loss())
                / taken;
    }
}
