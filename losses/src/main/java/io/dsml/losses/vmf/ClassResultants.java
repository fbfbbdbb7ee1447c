package io.dsml.losses.vmf;

import java.util.Arrays;

/**
 * Per-class sums of unit embeddings (resultant vectors) and counts. The normalised resultant is
 * the maximum-likelihood estimate of a vMF mean direction; the mean resultant length
 * {@code r = ||sum z|| / n} measures how concentrated the class is.
 */
final class ClassResultants {
    private final int classes;
    private final int dim;
    private final double[] sums;
    private final long[] counts;

    ClassResultants(int classes, int dim) {
        this.classes = classes;
        this.dim = dim;
        this.sums = new double[classes * dim];
        this.counts = new long[classes];
    }

    /** Adds rows of {@code embeddings} [n, dim], each normalised to unit length first. */
    void add(float[] embeddings, int[] labels) {
        int n = labels.length;
        for (int i = 0; i < n; i++) {
            int row = i * dim;
            double norm = 0;
            for (int j = 0; j < dim; j++) {
                norm += (double) embeddings[row + j] * embeddings[row + j];
            }
            double scale = 1.0 / Math.max(Math.sqrt(norm), 1e-12);
            int c = labels[i];
            int target = c * dim;
            for (int j = 0; j < dim; j++) {
                sums[target + j] += embeddings[row + j] * scale;
            }
            counts[c]++;
        }
    }

    /**
     * Writes each class's unit mean direction into {@code means} [classes, dim]; classes with no
     * sample (or a zero resultant) keep their previous direction, normalised.
     *
     * @return the number of classes updated
     */
    int meanDirections(float[] means) {
        int updated = 0;
        for (int c = 0; c < classes; c++) {
            double length = resultantLength(c);
            if (counts[c] == 0 || length == 0) {
                normalizeRow(means, c); // keep its direction, but on the sphere like every mean
                continue;
            }
            for (int j = 0; j < dim; j++) {
                means[c * dim + j] = (float) (sums[c * dim + j] / length);
            }
            updated++;
        }
        return updated;
    }

    private void normalizeRow(float[] means, int c) {
        double norm = 0;
        for (int j = 0; j < dim; j++) {
            norm += (double) means[c * dim + j] * means[c * dim + j];
        }
        if (norm > 0) {
            for (int j = 0; j < dim; j++) {
                means[c * dim + j] = (float) (means[c * dim + j] / Math.sqrt(norm));
            }
        }
    }

    /** Mean over classes with samples of the mean resultant length r_c = ||sum z|| / n_c. */
    double meanResultantLength() {
        double total = 0;
        int seen = 0;
        for (int c = 0; c < classes; c++) {
            if (counts[c] > 0) {
                total += resultantLength(c) / counts[c];
                seen++;
            }
        }
        return seen == 0 ? Double.NaN : total / seen;
    }

    /**
     * Mean over classes of Banerjee et al.'s (2005) concentration estimate
     * {@code kappa_c ~ r (d - r^2) / (1 - r^2)}.
     */
    double meanKappaEstimate() {
        double total = 0;
        int seen = 0;
        for (int c = 0; c < classes; c++) {
            if (counts[c] > 0) {
                double r = Math.min(resultantLength(c) / counts[c], 1 - 1e-9);
                total += r * (dim - r * r) / (1 - r * r);
                seen++;
            }
        }
        return seen == 0 ? Double.NaN : total / seen;
    }

    /** Writes the sums and counts, for checkpoints. */
    void write(java.io.DataOutputStream out) throws java.io.IOException {
        out.writeInt(classes);
        out.writeInt(dim);
        for (double v : sums) {
            out.writeDouble(v);
        }
        for (long c : counts) {
            out.writeLong(c);
        }
    }

    /** Reads what {@link #write} wrote into this (same shape). */
    void read(java.io.DataInputStream in) throws java.io.IOException {
        if (in.readInt() != classes || in.readInt() != dim) {
            throw new java.io.IOException("vMF accumulator shape differs from the loss's");
        }
        for (int i = 0; i < sums.length; i++) {
            sums[i] = in.readDouble();
        }
        for (int c = 0; c < classes; c++) {
            counts[c] = in.readLong();
        }
    }

    void clear() {
        Arrays.fill(sums, 0);
        Arrays.fill(counts, 0);
    }

    boolean isEmpty() {
        return Arrays.stream(counts).allMatch(c -> c == 0);
    }

    private double resultantLength(int c) {
        double s = 0;
        for (int j = 0; j < dim; j++) {
            double v = sums[c * dim + j];
            s += v * v;
        }
        return Math.sqrt(s);
    }
}
