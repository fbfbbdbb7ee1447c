package io.dsml.evaluation.compute;

/** Row-wise helpers on row-major {@code [n, dim]} float matrices. */
public final class Vectors {
    private Vectors() {}

    /**
     * Returns an L2-normalised copy. A zero row stays zero (its cosine with everything is 0) rather
     * than becoming NaN; the norm is accumulated and applied in double, so long rows do not lose
     * precision and rows of subnormal or near-{@code Float.MAX_VALUE} values, whose inverse norm
     * overflows or underflows a float, still come out unit length.
     */
    public static float[] normalizedCopy(float[] data, int n, int dim) {
        float[] out = new float[n * dim];
        for (int i = 0; i < n; i++) {
            int off = i * dim;
            double sq = 0;
            for (int j = 0; j < dim; j++) {
                sq += (double) data[off + j] * data[off + j];
            }
            if (sq == 0) {
                continue;
            }
            double inv = 1.0 / Math.sqrt(sq);
            for (int j = 0; j < dim; j++) {
                out[off + j] = (float) (data[off + j] * inv);
            }
        }
        return out;
    }

    /** Squared L2 norm of each row, in double. */
    public static double[] squaredNorms(float[] data, int n, int dim) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            double sq = 0;
            int off = i * dim;
            for (int j = 0; j < dim; j++) {
                sq += (double) data[off + j] * data[off + j];
            }
            out[i] = sq;
        }
        return out;
    }
}
