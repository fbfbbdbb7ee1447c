package io.dsml.core.tune;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.apache.commons.math3.special.Erf;

/**
 * The adaptive Parzen estimator of TPE (Bergstra et al. 2011; hyperopt's
 * {@code adaptive_parzen_normal}) on the unit interval: an equally weighted mixture of normals
 * truncated to [0, 1], one at each observation plus a prior one at 1/2 with width 1. Each
 * observation's width is the larger distance to its neighbours (sorted, prior included), clipped
 * to [1 / min(100, 1 + components), 1], so clustered observations give a sharp density and a lone
 * one a broad one.
 */
final class ParzenEstimator {
    private static final double PRIOR_MEAN = 0.5;
    private static final double PRIOR_WIDTH = 1.0;

    private final double[] means;
    private final double[] widths;
    private final double[] mass;

    ParzenEstimator(double[] observations) {
        double[] sorted = observations.clone();
        Arrays.sort(sorted);
        // the prior goes before any observation equal to it (numpy.searchsorted, as hyperopt)
        int prior = (int) Arrays.stream(sorted).filter(x -> x < PRIOR_MEAN).count();
        int n = sorted.length + 1;
        means = new double[n];
        System.arraycopy(sorted, 0, means, 0, prior);
        means[prior] = PRIOR_MEAN;
        System.arraycopy(sorted, prior, means, prior + 1, sorted.length - prior);
        widths = new double[n];
        double narrowest = PRIOR_WIDTH / Math.min(100, 1 + n);
        for (int i = 0; i < n; i++) {
            double left = i > 0 ? means[i] - means[i - 1] : 0;
            double right = i < n - 1 ? means[i + 1] - means[i] : 0;
            widths[i] = Math.max(narrowest, Math.min(PRIOR_WIDTH, Math.max(left, right)));
        }
        widths[prior] = PRIOR_WIDTH;
        mass = new double[n];
        for (int i = 0; i < n; i++) {
            mass[i] = cdf((1 - means[i]) / widths[i]) - cdf(-means[i] / widths[i]);
        }
    }

    /** One draw: a component uniformly, then its truncated normal by rejection. */
    double sample(SplittableRandom random) {
        int i = random.nextInt(means.length);
        while (true) {
            double x = means[i] + widths[i] * gaussian(random);
            if (x >= 0 && x <= 1) {
                return x;
            }
        }
    }

    /** The logarithm of the density at {@code x} in [0, 1]. */
    double logDensity(double x) {
        double sum = 0;
        for (int i = 0; i < means.length; i++) {
            double z = (x - means[i]) / widths[i];
            sum += Math.exp(-0.5 * z * z) / (widths[i] * mass[i]);
        }
        return Math.log(sum / (means.length * Math.sqrt(2 * Math.PI)));
    }

    private static double cdf(double z) {
        return 0.5 * (1 + Erf.erf(z / Math.sqrt(2)));
    }

    /** A standard normal draw (Box-Muller), from this stream only. */
    private static double gaussian(SplittableRandom random) {
        double u = 1 - random.nextDouble(); // in (0, 1]
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
    }
}
