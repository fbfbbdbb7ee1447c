package io.dsml.evaluation.stats;

import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * The difference of two groups' means, {@code mean(a) - mean(b)}, with a two-sided confidence
 * interval and p-value from a t-test.
 *
 * <p>{@link Test#WELCH}: Welch's unequal-variance t-test (SciPy's {@code ttest_ind(a, b,
 * equal_var=False)}), standard error {@code sqrt(s_a^2/n_a + s_b^2/n_b)} and Welch-Satterthwaite
 * degrees of freedom. {@link Test#PAIRED}: the paired t-test on the per-seed differences (SciPy's
 * {@code ttest_rel(a, b)}), {@code n - 1} degrees of freedom; it applies when both groups ran the
 * same seeds, and removes the variance the two groups share through the seed (same initialisation
 * and batch order).
 *
 * <p>When the standard error is 0 (every seed gave the same value in both groups) the t statistic
 * is undefined: the interval collapses to the difference and {@code pValue}, {@code t} and {@code
 * df} are NaN.
 *
 * @param test which test
 * @param nA values in group a
 * @param nB values in group b (equal to nA for the paired test)
 * @param difference mean(a) - mean(b)
 * @param ciLow lower end of the confidence interval of the difference
 * @param ciHigh upper end
 * @param pValue two-sided p-value of "no difference"
 * @param t the t statistic
 * @param df degrees of freedom
 */
public record MeanDifference(
        Test test, int nA, int nB, double difference, double ciLow, double ciHigh, double pValue, double t, double df) {

    /** The default confidence level of the intervals. */
    public static final double CONFIDENCE = 0.95;

    /** Which t-test produced a {@link MeanDifference}. */
    public enum Test {
        /** Welch's unequal-variance two-sample t-test. */
        WELCH("welch", "Welch t"),
        /** The paired t-test on per-seed differences. */
        PAIRED("paired", "paired t");

        private final String key;
        private final String label;

        Test(String key, String label) {
            this.key = key;
            this.label = label;
        }

        /** Machine-readable name: {@code welch} or {@code paired}. */
        public String key() {
            return key;
        }

        /** Human-readable name for tables. */
        public String label() {
            return label;
        }
    }

    /**
     * Welch's test of {@code a} against {@code b} at {@link #CONFIDENCE}.
     *
     * @return empty when either group has fewer than 2 values (no variance estimate)
     */
    public static Optional<MeanDifference> welch(double[] a, double[] b) {
        return welch(a, b, CONFIDENCE);
    }

    /** Welch's test at the given confidence level in (0, 1). */
    public static Optional<MeanDifference> welch(double[] a, double[] b, double confidence) {
        checkConfidence(confidence);
        if (a.length < 2 || b.length < 2) {
            return Optional.empty();
        }
        double va = variance(a) / a.length;
        double vb = variance(b) / b.length;
        double se = Math.sqrt(va + vb);
        double df = (va + vb) * (va + vb) / (va * va / (a.length - 1) + vb * vb / (b.length - 1));
        return Optional.of(fromT(Test.WELCH, a.length, b.length, mean(a) - mean(b), se, df, confidence));
    }

    /**
     * The paired test of {@code a[i] - b[i]} at {@link #CONFIDENCE}.
     *
     * @return empty when there are fewer than 2 pairs
     * @throws IllegalArgumentException when the arrays differ in length
     */
    public static Optional<MeanDifference> paired(double[] a, double[] b) {
        return paired(a, b, CONFIDENCE);
    }

    /** The paired test at the given confidence level in (0, 1). */
    public static Optional<MeanDifference> paired(double[] a, double[] b, double confidence) {
        checkConfidence(confidence);
        if (a.length != b.length) {
            throw new IllegalArgumentException(
                    "a paired test needs as many values in each group, got %d and %d".formatted(a.length, b.length));
        }
        if (a.length < 2) {
            return Optional.empty();
        }
        double[] d = new double[a.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = a[i] - b[i];
        }
        double se = Math.sqrt(variance(d) / d.length);
        return Optional.of(fromT(Test.PAIRED, a.length, b.length, mean(d), se, d.length - 1, confidence));
    }

    /**
     * Compares two groups keyed by seed: the paired test when both hold exactly the same seeds,
     * Welch's test otherwise.
     *
     * @return empty when a group has fewer than 2 values
     */
    public static Optional<MeanDifference> bySeed(Map<Long, Double> a, Map<Long, Double> b) {
        return byReplicate(a, b);
    }

    /**
     * Compares two groups keyed by replicate (a seed, or a seed and a fold): the paired test when
     * both hold exactly the same replicates, Welch's test otherwise.
     *
     * @return empty when a group has fewer than 2 values
     */
    public static <K extends Comparable<? super K>> Optional<MeanDifference> byReplicate(
            Map<K, Double> a, Map<K, Double> b) {
        if (a.keySet().equals(b.keySet())) {
            TreeSet<K> seeds = new TreeSet<>(a.keySet());
            double[] x = seeds.stream().mapToDouble(a::get).toArray();
            double[] y = seeds.stream().mapToDouble(b::get).toArray();
            return paired(x, y);
        }
        return welch(
                a.values().stream().mapToDouble(Double::doubleValue).toArray(),
                b.values().stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** Whether the p-value is below {@code alpha}; false when it is undefined. */
    public boolean significantAt(double alpha) {
        return pValue < alpha;
    }

    private static MeanDifference fromT(
            Test test, int nA, int nB, double difference, double se, double df, double confidence) {
        if (!(se > 0)) {
            return new MeanDifference(
                    test, nA, nB, difference, difference, difference, Double.NaN, Double.NaN, Double.NaN);
        }
        TDistribution distribution = new TDistribution(null, df);
        double t = difference / se;
        double p = 2 * distribution.cumulativeProbability(-Math.abs(t));
        double half = distribution.inverseCumulativeProbability(0.5 + confidence / 2) * se;
        return new MeanDifference(test, nA, nB, difference, difference - half, difference + half, p, t, df);
    }

    private static double mean(double[] x) {
        double sum = 0;
        for (double v : x) {
            sum += v;
        }
        return sum / x.length;
    }

    /** Sample variance (n - 1 in the denominator). */
    private static double variance(double[] x) {
        double m = mean(x);
        double ss = 0;
        for (double v : x) {
            ss += (v - m) * (v - m);
        }
        return ss / (x.length - 1);
    }

    private static void checkConfidence(double confidence) {
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must lie in (0, 1), got " + confidence);
        }
    }
}
