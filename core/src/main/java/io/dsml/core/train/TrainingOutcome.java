package io.dsml.core.train;

import java.util.List;
import java.util.Map;

/**
 * The result of training one cell.
 *
 * @param epochs one record per epoch
 * @param finalMetrics the metrics of the last evaluation
 * @param trainSeconds total wall time of training steps and class-state refreshes
 * @param testEmbeddings the test split's embeddings from the last evaluation, or {@code null} if
 *     this run did not evaluate (resumed after its last evaluation)
 * @param testLogits the test split's class-probability logits [n, classes] from the last
 *     evaluation, or {@code null} when the loss defines no posterior or no ECE/NLL was asked for
 * @param classes columns of {@code testLogits}
 */
public record TrainingOutcome(
        List<EpochRecord> epochs,
        Map<String, Double> finalMetrics,
        double trainSeconds,
        io.dsml.evaluation.EmbeddingSet testEmbeddings,
        float[] testLogits,
        int classes) {
    public TrainingOutcome {
        epochs = List.copyOf(epochs);
        finalMetrics = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(finalMetrics));
    }

    /** Without logits. */
    public TrainingOutcome(
            List<EpochRecord> epochs,
            Map<String, Double> finalMetrics,
            double trainSeconds,
            io.dsml.evaluation.EmbeddingSet testEmbeddings) {
        this(epochs, finalMetrics, trainSeconds, testEmbeddings, null, 0);
    }
}
