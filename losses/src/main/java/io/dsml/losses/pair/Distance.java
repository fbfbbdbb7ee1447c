package io.dsml.losses.pair;

import ai.djl.ndarray.NDArray;
import io.dsml.core.model.Rows;
import io.dsml.losses.support.Pairwise;
import java.util.List;

/**
 * The metric a pair or triplet loss compares samples with, as pytorch-metric-learning's {@code
 * distance} argument: all three on L2-normalised embeddings (PML's {@code
 * normalize_embeddings=True}). A similarity is "inverted" in PML's terms: higher means closer, and
 * {@link #margin} swaps its operands so that a loss written for distances reads the same for it.
 */
public enum Distance {
    /** {@code CosineSimilarity}: {@code z_i . r_j}. */
    COSINE("cosine", true) {
        @Override
        NDArray onUnitRows(NDArray queries, NDArray refs, boolean self) {
            return queries.matMul(refs.transpose());
        }
    },
    /** {@code LpDistance(p=2)}: {@code ||z_i - r_j||}, exact also for near-duplicates. */
    EUCLIDEAN("euclidean", false) {
        @Override
        NDArray onUnitRows(NDArray queries, NDArray refs, boolean self) {
            return Pairwise.euclideanBetween(queries, refs);
        }
    },
    /** {@code LpDistance(p=2, power=2)}: {@code ||z_i - r_j||^2}, exact also for near-duplicates. */
    SQUARED_EUCLIDEAN("squared-euclidean", false) {
        @Override
        NDArray onUnitRows(NDArray queries, NDArray refs, boolean self) {
            return Pairwise.exactSquaredEuclideanBetween(queries, refs);
        }
    };

    private final String id;
    private final boolean similarity;

    Distance(String id, boolean similarity) {
        this.id = id;
        this.similarity = similarity;
    }

    /** The name in configs ({@code distance: cosine}). */
    public String id() {
        return id;
    }

    /** Every name, for the {@code distance} hyperparameter's choices. */
    public static List<String> ids() {
        return Choices.ids(values(), Distance::id);
    }

    /** The metric by its name. */
    public static Distance byId(String id) {
        return Choices.byId(values(), Distance::id, id, "distance");
    }

    /** Whether higher values mean closer (a similarity, PML's {@code is_inverted}). */
    public boolean isSimilarity() {
        return similarity;
    }

    /**
     * The metric between every row of {@code queries} [n, d] and every row of {@code refs} [m, d],
     * [n, m], after L2-normalising both. When {@code refs} is {@code queries} itself they are
     * normalised once.
     */
    public NDArray between(NDArray queries, NDArray refs) {
        NDArray z = Rows.l2Normalize(queries);
        return onUnitRows(z, refs == queries ? z : Rows.l2Normalize(refs), refs == queries);
    }

    abstract NDArray onUnitRows(NDArray queries, NDArray refs, boolean self);

    /** How close the samples are, higher = closer, detached: what a miner sees. */
    public NDArray closeness(NDArray metric) {
        return (similarity ? metric : metric.neg()).stopGradient();
    }

    /** PML's {@code distance.margin(x, y)}: {@code x - y} for a distance, {@code y - x} for a similarity. */
    public NDArray margin(NDArray x, float y) {
        return similarity ? x.neg().add(y) : x.sub(y);
    }

    /** PML's {@code distance.margin(x, y)} with a constant {@code x}. */
    public NDArray margin(float x, NDArray y) {
        return similarity ? y.sub(x) : y.neg().add(x);
    }

    /** PML's {@code distance.margin(x, y)} of two arrays (broadcast). */
    public NDArray margin(NDArray x, NDArray y) {
        return similarity ? y.sub(x) : x.sub(y);
    }
}
