package io.dsml.core.spi;

import io.dsml.evaluation.EmbeddingSet;
import java.util.Map;

/**
 * Class state that is not learned by gradient but recomputed from the embeddings of the whole
 * training set under the current network - the paper's alternating algorithm for vMF mean
 * directions. The trainer computes those embeddings (inference mode, no augmentation) and calls
 * {@link #refresh} before the first step and then at every period boundary.
 */
public interface RefreshableClassState {

    /** When the trainer must call {@link #refresh}. */
    RefreshPeriod refreshPeriod();

    /**
     * Recomputes the state.
     *
     * @param trainingEmbeddings embeddings of every training sample (of the stratified sample for the
     *     first refresh when {@link #initialSamplesPerClass} is positive), labels dense in
     *     [0, classes)
     */
    void refresh(EmbeddingSet trainingEmbeddings);

    /**
     * How many training samples per class the refresh before the first step embeds (a seeded,
     * stratified sample), or 0 for all of them, as the paper does. A state whose later refreshes
     * do not come from full passes (vMF's online mode) needs only a rough start, and sampling keeps
     * that start from costing a whole inference pass over the training set.
     */
    default int initialSamplesPerClass() {
        return 0;
    }

    /**
     * Whether the trainer refreshes once more after the last epoch if the period did not just do
     * so, so that classification uses state computed with the final network (METHOD section 3).
     * States that are deliberately not recomputed by full passes (online, learned) say no.
     */
    default boolean refreshAfterTraining() {
        return true;
    }

    /**
     * Called by the trainer at the end of each epoch, before any refresh and evaluation. Losses
     * that accumulate state during the training pass itself (vMF's online mode) publish it here.
     */
    default void onEpochEnd() {}

    /** Per-epoch diagnostics of the state (e.g. class concentration), for metrics.jsonl. */
    default Map<String, Double> diagnostics() {
        return Map.of();
    }
}
