package io.dsml.evaluation.bench;

import io.dsml.evaluation.EmbeddingSet;
import java.util.SplittableRandom;

/**
 * Generator of random clustered embeddings, deterministic for a seed:
 *
 * <ol>
 *   <li>{@code classes} centres, each a vector of i.i.d. standard normals scaled by
 *       {@code 1/sqrt(dim)} (so about unit length, and nearly orthogonal in high dimension);
 *   <li>row i has label {@code i % classes} (class sizes differ by at most one, like SOP's
 *       60,502 images of 11,316 products: 5.35 per class);
 *   <li>row i = its centre + i.i.d. normal noise of standard deviation {@code noise/sqrt(dim)}
 *       per coordinate, i.e. noise of about {@code noise} times the centre's length.
 * </ol>
 *
 * With the default noise 2.5, two rows of the same class have an expected cosine of about
 * {@code 1/(1 + 2.5^2) = 0.14}, while rows of different classes have cosines of about
 * {@code N(0, 1/dim)}; in 512 dimensions with tens of thousands of rows the same-class neighbour
 * is usually but not always the nearest, so the metrics are not degenerate.
 */
public final class ClusteredData {
    /** Default noise-to-centre length ratio. */
    public static final double DEFAULT_NOISE = 2.5;

    private ClusteredData() {}

    /** Generates {@code n} rows of dimension {@code dim} in {@code classes} classes. */
    public static EmbeddingSet generate(int n, int dim, int classes, double noise, long seed) {
        if (n < 1 || dim < 1 || classes < 1 || classes > n) {
            throw new IllegalArgumentException("need n >= 1, dim >= 1 and 1 <= classes <= n, got n=%d dim=%d classes=%d"
                    .formatted(n, dim, classes));
        }
        SplittableRandom random = new SplittableRandom(seed);
        double scale = 1 / Math.sqrt(dim);
        float[] centres = new float[classes * dim];
        for (int i = 0; i < centres.length; i++) {
            centres[i] = (float) (random.nextGaussian() * scale);
        }
        float[] data = new float[n * dim];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % classes;
            int c = labels[i] * dim;
            for (int d = 0; d < dim; d++) {
                data[i * dim + d] = (float) (centres[c + d] + random.nextGaussian() * scale * noise);
            }
        }
        return new EmbeddingSet(data, n, dim, labels);
    }
}
