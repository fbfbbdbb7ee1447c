package io.dsml.evaluation.clustering;

import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.math3.special.Gamma;

/**
 * Normalised (NMI) and adjusted (AMI) mutual information between true labels and a clustering,
 * matching scikit-learn's {@code normalized_mutual_info_score} and
 * {@code adjusted_mutual_info_score} with the default {@code average_method="arithmetic"}:
 *
 * <ul>
 *   <li>NMI = MI / mean(H(true), H(pred)); AMI = (MI - E[MI]) / (mean(H(true), H(pred)) - E[MI]),
 *       with E[MI] the expected mutual information under the hypergeometric (permutation) model
 *       of Vinh, Epps and Bailey (2010). Natural logarithms.
 *   <li>Both labellings with a single cluster (or empty): 1. NMI is 0 whenever MI is 0.
 *   <li>AMI is chance-adjusted, so it can be slightly negative for a clustering worse than
 *       chance; it is not clipped.
 * </ul>
 *
 * <p>E[MI] only depends on the pair of marginal counts (a, b), so the sum runs over distinct
 * class sizes times distinct cluster sizes, weighted by how often each occurs, rather than over
 * every (class, cluster) pair as in scikit-learn. The terms are the same; only the order of
 * floating-point summation differs (agreement to about 1e-12).
 */
public final class MutualInformation {
    private static final double EPS = Math.ulp(1.0);

    private MutualInformation() {}

    /** Normalised mutual information, arithmetic-mean normalisation. */
    public static double nmi(int[] labelsTrue, int[] labelsPred) {
        Contingency t = Contingency.of(labelsTrue, labelsPred);
        if (isTrivialPerfect(t)) {
            return 1.0;
        }
        double mi = mutualInformation(t);
        if (mi == 0) {
            return 0.0;
        }
        return mi / normaliser(t);
    }

    /** Adjusted mutual information, arithmetic-mean normalisation. */
    public static double ami(int[] labelsTrue, int[] labelsPred) {
        Contingency t = Contingency.of(labelsTrue, labelsPred);
        if (isTrivialPerfect(t)) {
            return 1.0;
        }
        double mi = mutualInformation(t);
        double emi = expectedMutualInformation(t);
        double denominator = normaliser(t) - emi;
        // As in scikit-learn: keep the sign but avoid 0/0 when the expectation equals the maximum.
        denominator = denominator < 0 ? Math.min(denominator, -EPS) : Math.max(denominator, EPS);
        return (mi - emi) / denominator;
    }

    private static boolean isTrivialPerfect(Contingency t) {
        int r = t.rowSums().length;
        int c = t.colSums().length;
        return r == c && r <= 1;
    }

    private static double normaliser(Contingency t) {
        return (entropy(t.rowSums(), t.total()) + entropy(t.colSums(), t.total())) / 2;
    }

    static double entropy(int[] counts, int total) {
        if (counts.length <= 1) {
            return 0.0;
        }
        double h = 0;
        double logTotal = Math.log(total);
        for (int c : counts) {
            h -= ((double) c / total) * (Math.log(c) - logTotal);
        }
        return h;
    }

    static double mutualInformation(Contingency t) {
        if (t.rowSums().length == 1 || t.colSums().length == 1) {
            return 0.0;
        }
        double logN = Math.log(t.total());
        double mi = 0;
        for (int i = 0; i < t.cellCounts().length; i++) {
            double nij = t.cellCounts()[i];
            double p = nij / t.total();
            double term = p * (Math.log(nij) - logN)
                    + p
                            * (logN
                                    + logN
                                    - Math.log(t.rowSums()[t.cellRows()[i]])
                                    - Math.log(t.colSums()[t.cellCols()[i]]));
            mi += Math.abs(term) < EPS ? 0.0 : term;
        }
        return Math.max(0.0, mi);
    }

    /** E[MI] under the permutation model, summed over distinct (class size, cluster size) pairs. */
    static double expectedMutualInformation(Contingency t) {
        if (t.rowSums().length == 1 || t.colSums().length == 1) {
            return 0.0;
        }
        int n = t.total();
        double[] logFactorial = logFactorials(n);
        double logN = Math.log(n);
        Map<Integer, Integer> rowSizes = histogram(t.rowSums());
        Map<Integer, Integer> colSizes = histogram(t.colSums());
        double emi = 0;
        for (Map.Entry<Integer, Integer> ra : rowSizes.entrySet()) {
            int a = ra.getKey();
            for (Map.Entry<Integer, Integer> cb : colSizes.entrySet()) {
                int b = cb.getKey();
                double multiplicity = (double) ra.getValue() * cb.getValue();
                emi += multiplicity * pairTerm(a, b, n, logN, logFactorial);
            }
        }
        return emi;
    }

    /** Sum over nij of (nij/N) log(N nij / (a b)) P(nij | a, b, N), hypergeometric P. */
    private static double pairTerm(int a, int b, int n, double logN, double[] lf) {
        double fixed = lf[a] + lf[b] + lf[n - a] + lf[n - b] - lf[n];
        double logAB = Math.log(a) + Math.log(b);
        double sum = 0;
        for (int nij = Math.max(1, a + b - n); nij <= Math.min(a, b); nij++) {
            double logP = fixed - lf[nij] - lf[a - nij] - lf[b - nij] - lf[n - a - b + nij];
            sum += ((double) nij / n) * (logN + Math.log(nij) - logAB) * Math.exp(logP);
        }
        return sum;
    }

    private static double[] logFactorials(int n) {
        double[] lf = new double[n + 1];
        for (int m = 0; m <= n; m++) {
            lf[m] = Gamma.logGamma(m + 1.0);
        }
        return lf;
    }

    private static Map<Integer, Integer> histogram(int[] values) {
        Map<Integer, Integer> h = new TreeMap<>();
        for (int v : values) {
            h.merge(v, 1, Integer::sum);
        }
        return h;
    }
}
