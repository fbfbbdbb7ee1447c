package io.dsml.evaluation;

/**
 * Row-major float embeddings {@code [n, dim]} with one integer label per row.
 *
 * <p>The arrays are not copied (they may be large); callers must not modify them while an
 * evaluation runs. Validation: {@code n >= 1}, {@code dim >= 1}, {@code data.length == n * dim},
 * {@code labels.length == n}, and every value finite (a NaN or infinite value is rejected with the
 * row it is in). Rows need not be normalised; the evaluator normalises a copy.
 */
public record EmbeddingSet(float[] data, int n, int dim, int[] labels) {
    /** Validates shape and values; throws {@link IllegalArgumentException} with one clear line. */
    public EmbeddingSet {
        if (data == null || labels == null) {
            throw new IllegalArgumentException("embedding data and labels must not be null");
        }
        if (n < 1 || dim < 1) {
            throw new IllegalArgumentException(
                    "embedding set needs n >= 1 rows and dim >= 1, got n=%d dim=%d".formatted(n, dim));
        }
        if ((long) n * dim != data.length) {
            throw new IllegalArgumentException("embedding data has %d values but n=%d x dim=%d needs %d"
                    .formatted(data.length, n, dim, (long) n * dim));
        }
        if (labels.length != n) {
            throw new IllegalArgumentException(
                    "label count %d does not match the %d embedding rows".formatted(labels.length, n));
        }
        for (int i = 0; i < data.length; i++) {
            if (!Float.isFinite(data[i])) {
                throw new IllegalArgumentException("embedding row %d has a non-finite value (%s at column %d)"
                        .formatted(i / dim, data[i], i % dim));
            }
        }
    }

    /** Number of distinct labels. */
    public int classCount() {
        return (int) java.util.Arrays.stream(labels).distinct().count();
    }
}
