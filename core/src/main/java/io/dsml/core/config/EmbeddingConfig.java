package io.dsml.core.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.dsml.core.model.GlobalPooling;

/**
 * The embedding head: backbone features, then linear to d, optional BatchNorm, L2 normalisation.
 *
 * @param dim embedding dimension d (default 64)
 * @param normalize whether the model emits unit vectors (default true: the paper's hypersphere)
 * @param batchNorm whether to batch-normalise the embedding before normalising (default false)
 * @param pooling how pooled backbones reduce their last feature maps: {@code avg}, {@code max},
 *     {@code avg+max} (sum) or {@code concat} (both, doubling the features); unset (the default)
 *     keeps the backbone's own, which is {@code avg} for ResNet and Inception. Backbones that
 *     flatten their maps (conv-N) accept no pooling.
 */
public record EmbeddingConfig(Integer dim, Boolean normalize, Boolean batchNorm, String pooling) {
    public EmbeddingConfig {
        dim = dim == null ? 64 : dim;
        normalize = normalize == null ? Boolean.TRUE : normalize;
        batchNorm = batchNorm == null ? Boolean.FALSE : batchNorm;
        if (pooling != null) {
            // Thrown here so the config loader reports it against the embedding key.
            try {
                pooling = GlobalPooling.Mode.parse("pooling", pooling).key();
            } catch (io.dsml.core.error.DsmlException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        }
    }

    public static EmbeddingConfig defaults() {
        return new EmbeddingConfig(null, null, null, null);
    }

    /** The pooling mode, or {@code null} for the backbone's own. */
    @JsonIgnore
    public GlobalPooling.Mode poolingMode() {
        return pooling == null ? null : GlobalPooling.Mode.parse("embedding.pooling", pooling);
    }
}
