package io.dsml.losses.vmfscott;

import ai.djl.ndarray.NDArray;
import io.dsml.core.model.Scalars;

/**
 * The approximations of Scott et al.'s {@code bessel_approx.py} (after Ruiz-Antolin and Segura,
 * arXiv 1606.02008), for a vMF on S^{d-1} with concentration k:
 *
 * <pre>
 *   A_d(k) = I_{d/2}(k) / I_{d/2-1}(k) ~ (k / (m + sqrt(p^2 + k^2)) + k / (m + sqrt(m^2 + k^2))) / 2
 *   log C_d(k) ~ (m log(m + sqrt(m^2 + k^2)) - sqrt(m^2 + k^2) + m log(m + sqrt(p^2 + k^2)) - sqrt(p^2 + k^2)) / 2
 * </pre>
 *
 * with m = d/2 - 1/2 and p = d/2 + 1/2. The normaliser is known up to a constant in k (it cancels
 * in the loss), and is a function of k^2, which the loss uses to avoid a square root.
 */
final class BesselApprox {
    private BesselApprox() {}

    /** A_d(k), elementwise. */
    static NDArray ratio(NDArray kappa, int d) {
        double m = d / 2.0 - 0.5;
        double p = d / 2.0 + 0.5;
        NDArray k2 = kappa.square();
        NDArray viaP = kappa.div(k2.add(p * p).sqrt().add(m));
        NDArray viaM = kappa.div(k2.add(m * m).sqrt().add(m));
        return Scalars.mul(viaP.add(viaM), 0.5f);
    }

    /** log C_d(k) up to a constant, elementwise, from k^2. */
    static NDArray logNormalizer(NDArray kappaSquared, int d) {
        double m = d / 2.0 - 0.5;
        double p = d / 2.0 + 0.5;
        NDArray sm = kappaSquared.add(m * m).sqrt();
        NDArray sp = kappaSquared.add(p * p).sqrt();
        NDArray twiceLogC = Scalars.mul(sm.add(m).log(), (float) m)
                .sub(sm)
                .add(Scalars.mul(sp.add(m).log(), (float) m))
                .sub(sp);
        return Scalars.mul(twiceLogC, 0.5f);
    }

    /** A_d(k) in double precision. */
    static double ratio(double kappa, int d) {
        double m = d / 2.0 - 0.5;
        double p = d / 2.0 + 0.5;
        return (kappa / (m + Math.sqrt(p * p + kappa * kappa)) + kappa / (m + Math.sqrt(m * m + kappa * kappa))) / 2;
    }

    /** log C_d(k) up to a constant, in double precision, from k^2. */
    static double logNormalizer(double kappaSquared, int d) {
        double m = d / 2.0 - 0.5;
        double p = d / 2.0 + 0.5;
        double sm = Math.sqrt(m * m + kappaSquared);
        double sp = Math.sqrt(p * p + kappaSquared);
        return (m * Math.log(m + sm) - sm + m * Math.log(m + sp) - sp) / 2;
    }
}
