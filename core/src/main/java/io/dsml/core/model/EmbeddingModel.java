package io.dsml.core.model;

import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import io.dsml.core.error.DsmlException;
import java.util.Objects;

/**
 * Builds the network that maps images to embeddings: backbone features [B, F], then a linear
 * embedding head to [B, d], optional BatchNorm, and (by default) L2 normalisation onto the unit
 * hypersphere, where every similarity in dsml is a cosine.
 *
 * <p>Pooled backbones (ResNet, GoogLeNet, BN-Inception) end in a {@link GlobalPooling}, average by
 * default; {@link Builder#pooling} switches it to max, avg+max or their concatenation. Backbones
 * that flatten their maps (conv-N) keep doing so: pooling is left unset for them.
 */
public final class EmbeddingModel {
    private EmbeddingModel() {}

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Assembles backbone and head into one {@link SequentialBlock}. */
    public static final class Builder {
        private Block backbone;
        private int embeddingDim = 64;
        private boolean batchNorm;
        private boolean normalize = true;
        private GlobalPooling.Mode pooling;

        private Builder() {}

        /** The feature extractor, images [B, C, H, W] to [B, F]. */
        public Builder backbone(Block backbone) {
            this.backbone = Objects.requireNonNull(backbone);
            return this;
        }

        /** The embedding dimension d. */
        public Builder embeddingDim(int embeddingDim) {
            if (embeddingDim < 1) {
                throw new IllegalArgumentException("embedding dimension must be >= 1");
            }
            this.embeddingDim = embeddingDim;
            return this;
        }

        /** Whether to batch-normalise the embedding before L2 normalisation. */
        public Builder batchNorm(boolean batchNorm) {
            this.batchNorm = batchNorm;
            return this;
        }

        /** Whether the model emits unit vectors (the paper's z = f(x)/||f(x)||). */
        public Builder normalize(boolean normalize) {
            this.normalize = normalize;
            return this;
        }

        /**
         * How the backbone's final {@link GlobalPooling} reduces the feature maps; {@code null}
         * (the default) keeps the backbone's own choice.
         */
        public Builder pooling(GlobalPooling.Mode pooling) {
            this.pooling = pooling;
            return this;
        }

        /**
         * Assembles the network.
         *
         * @throws DsmlException if a pooling mode is set but the backbone does not pool globally
         */
        public SequentialBlock build() {
            Objects.requireNonNull(backbone, "backbone");
            if (pooling != null) {
                GlobalPooling last = GlobalPooling.findLast(backbone);
                if (last == null) {
                    throw new DsmlException("embedding.pooling: this backbone flattens its feature maps instead of"
                            + " pooling them globally; leave embedding.pooling unset");
                }
                last.setMode(pooling);
            }
            SequentialBlock model = new SequentialBlock().add(backbone);
            model.add(Linear.builder().setUnits(embeddingDim).build());
            if (batchNorm) {
                model.add(BatchNorm.builder().build());
            }
            if (normalize) {
                model.add(new L2Normalize());
            }
            return model;
        }
    }
}
