package io.dsml.core.config;

/**
 * The embedding head.
 *
 * @param dim embedding dimension d (default 64)
 * @param normalize whether the model emits unit vectors (default true: the paper's hypersphere)
 * @param batchNorm whether to batch-normalise the embedding before normalising (default false)
 */
public record EmbeddingConfig(Integer dim, Boolean normalize, Boolean batchNorm) {
    public EmbeddingConfig {
        dim = dim == null ? 64 : dim;
        normalize = normalize == null ? Boolean.TRUE : normalize;
        batchNorm = batchNorm == null ? Boolean.FALSE : batchNorm;
    }

    public static EmbeddingConfig defaults() {
        return new EmbeddingConfig(null, null, null);
    }
}
