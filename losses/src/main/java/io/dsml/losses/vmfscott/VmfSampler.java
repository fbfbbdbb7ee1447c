package io.dsml.losses.vmfscott;

import java.util.SplittableRandom;

/**
 * Samples of the von Mises-Fisher distribution on S^{d-1} by Wood's algorithm (1994), as the
 * s-vae-pytorch code that Scott et al. use: the component along the mean, w, by rejection from a
 * Beta((d-1)/2, (d-1)/2) proposal; a uniform direction v orthogonal to it; then the Householder
 * reflection that maps e_1 to the mean. Deterministic given the generator's seed.
 *
 * <p>{@code b = (d-1) / (2k + sqrt(4k^2 + (d-1)^2))} is Wood's {@code (-2k + sqrt(4k^2 +
 * (d-1)^2)) / (d-1)}, rationalised: the same number without the cancellation for large k that
 * s-vae-pytorch works around by blending in a Taylor approximation for k between 10 and 11.
 */
final class VmfSampler {
    private final SplittableRandom random;

    VmfSampler(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** Wood's b(k). */
    static double b(double kappa, int d) {
        double m = d - 1;
        return m / (2 * kappa + Math.sqrt(4 * kappa * kappa + m * m));
    }

    /** w from an accepted Beta draw e: {@code (1 - (1 + b) e) / (1 - (1 - b) e)}. */
    static double w(double e, double b) {
        return (1 - (1 + b) * e) / (1 - (1 - b) * e);
    }

    /** An accepted Beta draw e of Wood's rejection step for concentration {@code kappa}. */
    double acceptedBeta(double kappa, int d) {
        double m = d - 1;
        double b = b(kappa, d);
        double a = (m + 2 * kappa + Math.sqrt(4 * kappa * kappa + m * m)) / 4;
        double offset = 4 * a * b / (1 + b) - m * Math.log(m);
        while (true) {
            double e = beta(m / 2);
            double u = random.nextDouble();
            double t = 2 * a * b / (1 - (1 - b) * e);
            if (m * Math.log(t) - t + offset >= Math.log(u)) {
                return e;
            }
        }
    }

    /** A uniform unit vector in R^{n}, written to {@code out[offset, offset + n)}. */
    void unitVector(float[] out, int offset, int n) {
        double norm = 0;
        double[] g = new double[n];
        do {
            norm = 0;
            for (int j = 0; j < n; j++) {
                g[j] = random.nextGaussian();
                norm += g[j] * g[j];
            }
        } while (norm == 0);
        double scale = 1 / Math.sqrt(norm);
        for (int j = 0; j < n; j++) {
            out[offset + j] = (float) (g[j] * scale);
        }
    }

    /**
     * One sample of vMF(mu, kappa), {@code mu} a unit vector of length d, in double precision.
     */
    double[] sample(double[] mu, double kappa) {
        int d = mu.length;
        double w = w(acceptedBeta(kappa, d), b(kappa, d));
        float[] v = new float[d - 1];
        unitVector(v, 0, d - 1);
        double[] x = new double[d];
        x[0] = w;
        double r = Math.sqrt(Math.max(1 - w * w, 0));
        for (int j = 1; j < d; j++) {
            x[j] = r * v[j - 1];
        }
        return reflect(x, mu);
    }

    /** The Householder reflection taking e_1 to {@code mu}, applied to {@code x}. */
    static double[] reflect(double[] x, double[] mu) {
        int d = x.length;
        double[] u = new double[d];
        double norm = 0;
        for (int j = 0; j < d; j++) {
            u[j] = (j == 0 ? 1 : 0) - mu[j];
            norm += u[j] * u[j];
        }
        norm = Math.max(Math.sqrt(norm), VmfScottLoss.EPS);
        double dot = 0;
        for (int j = 0; j < d; j++) {
            u[j] /= norm;
            dot += x[j] * u[j];
        }
        double[] z = new double[d];
        for (int j = 0; j < d; j++) {
            z[j] = x[j] - 2 * dot * u[j];
        }
        return z;
    }

    /** Beta(alpha, alpha) as X / (X + Y) of two Gamma(alpha) draws. */
    private double beta(double alpha) {
        double x = gamma(alpha);
        double y = gamma(alpha);
        return x / (x + y);
    }

    /** Gamma(alpha, 1) by Marsaglia and Tsang (2000); alpha &lt; 1 through Gamma(alpha + 1) U^(1/alpha). */
    private double gamma(double alpha) {
        if (alpha < 1) {
            return gamma(alpha + 1) * Math.pow(random.nextDouble(), 1 / alpha);
        }
        double d0 = alpha - 1.0 / 3;
        double c = 1 / Math.sqrt(9 * d0);
        while (true) {
            double x = random.nextGaussian();
            double v = 1 + c * x;
            if (v <= 0) {
                continue;
            }
            v = v * v * v;
            double u = random.nextDouble();
            if (u < 1 - 0.0331 * x * x * x * x || Math.log(u) < 0.5 * x * x + d0 * (1 - v + Math.log(v))) {
                return d0 * v;
            }
        }
    }
}
