package io.dsml.app.report;

import java.util.Random;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealVector;

/** Principal-component projection to two dimensions, for embedding plots. */
final class Pca {
    private Pca() {}

    /**
     * Projects up to {@code maxPoints} rows (a seeded random sample if there are more) onto the two
     * leading principal components of the sample's covariance.
     *
     * @return rows of {x, y, original row index}
     */
    static double[][] project2d(float[] data, int n, int dim, int maxPoints, long seed) {
        int[] rows = sample(n, maxPoints, seed);
        double[] mean = new double[dim];
        for (int r : rows) {
            for (int j = 0; j < dim; j++) {
                mean[j] += data[r * dim + j] / (double) rows.length;
            }
        }
        double[][] cov = new double[dim][dim];
        for (int r : rows) {
            for (int a = 0; a < dim; a++) {
                double da = data[r * dim + a] - mean[a];
                for (int b = a; b < dim; b++) {
                    cov[a][b] += da * (data[r * dim + b] - mean[b]);
                }
            }
        }
        for (int a = 0; a < dim; a++) {
            for (int b = 0; b < a; b++) {
                cov[a][b] = cov[b][a];
            }
        }
        EigenDecomposition eigen = new EigenDecomposition(new Array2DRowRealMatrix(cov, false));
        Integer[] order = new Integer[dim];
        for (int i = 0; i < dim; i++) {
            order[i] = i;
        }
        double[] values = eigen.getRealEigenvalues();
        java.util.Arrays.sort(order, (a, b) -> Double.compare(values[b], values[a]));
        RealVector first = eigen.getEigenvector(order[0]);
        RealVector second = eigen.getEigenvector(order[Math.min(1, dim - 1)]);
        double[][] points = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            double x = 0;
            double y = 0;
            for (int j = 0; j < dim; j++) {
                double centred = data[rows[i] * dim + j] - mean[j];
                x += centred * first.getEntry(j);
                y += centred * second.getEntry(j);
            }
            points[i] = new double[] {x, y, rows[i]};
        }
        return points;
    }

    private static int[] sample(int n, int max, long seed) {
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        if (n <= max) {
            return all;
        }
        Random random = new Random(seed);
        for (int i = 0; i < max; i++) {
            int j = i + random.nextInt(n - i);
            int t = all[i];
            all[i] = all[j];
            all[j] = t;
        }
        return java.util.Arrays.copyOf(all, max);
    }
}
