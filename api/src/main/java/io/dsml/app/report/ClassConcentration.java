package io.dsml.app.report;

import io.dsml.evaluation.compute.Vectors;

/**
 * How tightly each class's unit embeddings cluster: the mean resultant length {@code r_c = ||sum
 * z|| / n_c} (1: all in one direction, near 0: spread over the sphere) and the vMF concentration
 * estimate of Banerjee et al. (2005), {@code kappa_c ~ r (d - r^2) / (1 - r^2)}, as the vMF loss's
 * training diagnostics use.
 *
 * @param counts samples per class
 * @param resultantLengths r_c per class (NaN for a class without samples)
 * @param kappas the kappa estimate per class
 */
record ClassConcentration(int[] counts, double[] resultantLengths, double[] kappas) {
    static ClassConcentration of(float[] embeddings, int n, int dim, int[] labels) {
        int classes = java.util.Arrays.stream(labels).max().orElse(-1) + 1;
        float[] unit = Vectors.normalizedCopy(embeddings, n, dim);
        double[][] sums = new double[classes][dim];
        int[] counts = new int[classes];
        for (int i = 0; i < n; i++) {
            counts[labels[i]]++;
            for (int j = 0; j < dim; j++) {
                sums[labels[i]][j] += unit[i * dim + j];
            }
        }
        double[] r = new double[classes];
        double[] kappa = new double[classes];
        for (int c = 0; c < classes; c++) {
            if (counts[c] == 0) {
                r[c] = Double.NaN;
                kappa[c] = Double.NaN;
                continue;
            }
            double norm = 0;
            for (double v : sums[c]) {
                norm += v * v;
            }
            r[c] = Math.sqrt(norm) / counts[c];
            double rr = Math.min(r[c], 1 - 1e-9);
            kappa[c] = rr * (dim - rr * rr) / (1 - rr * rr);
        }
        return new ClassConcentration(counts, r, kappa);
    }
}
