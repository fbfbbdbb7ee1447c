package io.dsml.losses.support;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import io.dsml.core.model.Rows;

/**
 * Pairwise similarity and distance matrices of a batch, the two metrics of pytorch-metric-learning
 * that dsml's pair losses use: {@code CosineSimilarity} and {@code LpDistance} (p = 2), both on
 * L2-normalised embeddings (pytorch-metric-learning's default {@code normalize_embeddings=True}),
 * and the positive/negative pair masks of a batch.
 *
 * <p>Part of the supported plugin API (see losses/README.md, "Plugin API and compatibility").
 */
public final class Pairwise {
    /**
     * Squared distances below this are floored before the square root. The floor keeps the
     * gradient finite on the diagonal (and on duplicate points), where {@code d sqrt(x)/dx} is
     * infinite at 0 and would turn the zero upstream gradient into NaN; it moves no distance
     * above 1e-6.
     */
    static final float SQUARED_DISTANCE_FLOOR = 1e-12f;

    private Pairwise() {}

    /** Cosine similarities {@code z_i . z_j} of L2-normalised rows: [B, B]. */
    public static NDArray cosineMatrix(NDArray embeddings) {
        NDArray z = Rows.l2Normalize(embeddings);
        return z.matMul(z.transpose());
    }

    /**
     * Euclidean distances {@code ||z_i - z_j||} of L2-normalised rows: [B, B], computed from the
     * Gram matrix with each row's actual squared norm.
     */
    public static NDArray euclideanMatrix(NDArray embeddings) {
        NDArray z = Rows.l2Normalize(embeddings);
        return euclideanBetween(z, z);
    }

    /** Euclidean distances between the rows of {@code a} [n, d] and {@code b} [m, d]: [n, m]. */
    public static NDArray euclideanBetween(NDArray a, NDArray b) {
        return squaredEuclideanBetween(a, b).maximum(SQUARED_DISTANCE_FLOOR).sqrt();
    }

    /** Squared Euclidean distances between the rows of {@code a} [n, d] and {@code b} [m, d]. */
    public static NDArray squaredEuclideanBetween(NDArray a, NDArray b) {
        NDArray aa = a.square().sum(new int[] {1}, true);
        NDArray bb = b.square().sum(new int[] {1}, true).transpose();
        return aa.add(bb).sub(a.matMul(b.transpose()).mul(2)).maximum(0f);
    }

    /**
     * The positive-pair mask of a batch: float32 [B, B] with 1 where {@code labels[i] ==
     * labels[j]} and {@code i != j}, else 0 (pytorch-metric-learning's {@code
     * get_matches_and_diffs} matches, without the diagonal). The mask is a constant: it carries no
     * gradient.
     *
     * @param labels int [B]
     */
    public static NDArray positiveMask(NDArray labels) {
        NDArray same = sameLabel(labels);
        return same.sub(labels.getManager().eye(Math.toIntExact(labels.size())));
    }

    /**
     * The negative-pair mask of a batch: float32 [B, B] with 1 where {@code labels[i] !=
     * labels[j]}, else 0 (the diagonal is always 0). A constant, like {@link #positiveMask}.
     *
     * @param labels int [B]
     */
    public static NDArray negativeMask(NDArray labels) {
        return sameLabel(labels).neg().add(1f);
    }

    /** 1 where two samples share a label (the diagonal included), float32 [B, B]. */
    private static NDArray sameLabel(NDArray labels) {
        NDArray flat = labels.reshape(-1).toType(DataType.INT32, false);
        return flat.expandDims(1).eq(flat.expandDims(0)).toType(DataType.FLOAT32, false);
    }

    /** The labels of a batch as Java ints. */
    public static int[] labels(NDArray labels) {
        return labels.toType(DataType.INT32, false).toIntArray();
    }

    /**
     * Entries {@code matrix[rows[k], cols[k]]} of a square [B, B] matrix: [K]. Repeated index
     * pairs are taken (and receive gradient) once per occurrence.
     */
    public static NDArray entries(NDArray matrix, int[] rows, int[] cols) {
        long size = matrix.getShape().get(1);
        int[] flat = new int[rows.length];
        for (int k = 0; k < rows.length; k++) {
            flat[k] = Math.toIntExact(rows[k] * size + cols[k]);
        }
        NDArray index = matrix.getManager().create(flat);
        return matrix.reshape(-1).take(matrix.getManager(), index);
    }
}
