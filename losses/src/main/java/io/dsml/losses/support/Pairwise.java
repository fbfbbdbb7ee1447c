package io.dsml.losses.support;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.dsml.core.model.Rows;
import io.dsml.core.model.Scalars;

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

    /**
     * Squared distances the Gram matrix gives below this are recomputed from differences. Above it
     * the Gram matrix's absolute float32 error (about 1e-7 times the number of accumulated
     * products' spread, at most ~1e-6 for unit rows) is under 1e-5 relative.
     */
    static final float NEAR_SQUARED_DISTANCE = 0.25f;

    private Pairwise() {}

    /**
     * Cosine similarities {@code z_i . z_j} of L2-normalised rows: [B, B]. From the float32 Gram
     * matrix: near 1, where near-duplicates sit, its error is absolute (about 1e-7) and
     * multi-similarity only exponentiates the similarities, so unlike distances nothing amplifies
     * it.
     */
    public static NDArray cosineMatrix(NDArray embeddings) {
        NDArray z = Rows.l2Normalize(embeddings);
        return z.matMul(z.transpose());
    }

    /**
     * Euclidean distances {@code ||z_i - z_j||} of L2-normalised rows: [B, B], exact to float32
     * rounding also for near-duplicate embeddings (see {@link #euclideanBetween}).
     */
    public static NDArray euclideanMatrix(NDArray embeddings) {
        NDArray z = Rows.l2Normalize(embeddings);
        return euclideanBetween(z, z);
    }

    /**
     * Euclidean distances between the rows of {@code a} [n, d] and {@code b} [m, d]: [n, m].
     *
     * <p>From the Gram matrix {@code ||a_i||^2 + ||b_j||^2 - 2 a_i . b_j}, except for the pairs it
     * cannot resolve: for rows that nearly coincide the subtraction cancels all but a few bits
     * (unit rows 1e-3 apart have a squared distance of 1e-6 next to terms of 2 whose float32
     * rounding is 1e-7), so the distance was 10% off and its gradient, which divides by it, up to
     * 30%. Pairs whose Gram value is below {@link #NEAR_SQUARED_DISTANCE} are therefore recomputed
     * from their differences {@code sum_k (a_ik - b_jk)^2}, which do not cancel. That costs one
     * host copy of the [n, m] matrix and O(pairs x d) work, nothing for well-separated batches and
     * as much as the Gram matrix itself when the whole batch has collapsed. (A float64 Gram matrix
     * would do too, but MXNet's bundled OpenBLAS crashes in {@code dgemm}.)
     */
    public static NDArray euclideanBetween(NDArray a, NDArray b) {
        return Scalars.maximum(exactSquaredEuclideanBetween(a, b), SQUARED_DISTANCE_FLOOR)
                .sqrt();
    }

    /**
     * Squared Euclidean distances between the rows of {@code a} [n, d] and {@code b} [m, d]: [n, m],
     * with the pairs the Gram matrix cannot resolve recomputed from their differences (see {@link
     * #euclideanBetween}); pytorch-metric-learning's {@code LpDistance(power=2)}.
     */
    public static NDArray exactSquaredEuclideanBetween(NDArray a, NDArray b) {
        NDArray gram = squaredEuclideanBetween(a, b);
        int rows = Math.toIntExact(gram.getShape().get(0));
        int cols = Math.toIntExact(gram.getShape().get(1));
        float[] approximate = gram.toFloatArray();
        int near = 0;
        for (float value : approximate) {
            near += value < NEAR_SQUARED_DISTANCE ? 1 : 0;
        }
        return near == 0 ? gram : withExactNearPairs(a, b, gram, approximate, near, rows, cols);
    }

    /** {@code gram} [rows, cols] with its entries below the near threshold recomputed from differences. */
    private static NDArray withExactNearPairs(
            NDArray a, NDArray b, NDArray gram, float[] approximate, int near, int rows, int cols) {
        int dim = Math.toIntExact(a.getShape().get(1));
        int[] aIndex = new int[near * dim];
        int[] bIndex = new int[near * dim];
        int[] source = new int[rows * cols];
        int p = 0;
        for (int q = 0; q < source.length; q++) {
            if (approximate[q] < NEAR_SQUARED_DISTANCE) {
                int i = q / cols;
                int j = q % cols;
                for (int k = 0; k < dim; k++) {
                    aIndex[p * dim + k] = i * dim + k;
                    bIndex[p * dim + k] = j * dim + k;
                }
                source[q] = rows * cols + p++;
            } else {
                source[q] = q;
            }
        }
        NDManager manager = gram.getManager();
        NDArray aRows = a.take(manager, manager.create(aIndex)).reshape(near, dim);
        NDArray bRows = b.take(manager, manager.create(bIndex)).reshape(near, dim);
        NDArray exact = aRows.sub(bRows).square().sum(new int[] {1});
        // Entry q reads the Gram value or, for a near pair, its exact value appended after them.
        NDArray candidates = NDArrays.concat(new NDList(gram.reshape(-1), exact));
        return candidates.take(manager, manager.create(source)).reshape(rows, cols);
    }

    /**
     * Squared Euclidean distances between the rows of {@code a} [n, d] and {@code b} [m, d], from
     * the Gram matrix. Its absolute float32 error (about 1e-7 for unit rows) stays absolute here:
     * nothing divides by a squared distance, and proxy-NCA feeds them to a softmax, whose value
     * and gradient move by that much at most. Distances ({@link #euclideanBetween}) are where the
     * square root turns it into a large relative error.
     */
    public static NDArray squaredEuclideanBetween(NDArray a, NDArray b) {
        NDArray aa = a.square().sum(new int[] {1}, true);
        NDArray bb = b.square().sum(new int[] {1}, true).transpose();
        return Scalars.maximum(aa.add(bb).sub(Scalars.mul(a.matMul(b.transpose()), 2)), 0f);
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
