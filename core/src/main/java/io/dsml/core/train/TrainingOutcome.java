package io.dsml.core.train;

import java.util.List;
import java.util.Map;

/**
 * The result of training one cell.
 *
 * @param epochs one record per epoch
 * @param finalMetrics the metrics of the last evaluation
 * @param trainSeconds total wall time of training steps and class-state refreshes
 */
public record TrainingOutcome(List<EpochRecord> epochs, Map<String, Double> finalMetrics, double trainSeconds) {
    public TrainingOutcome {
        epochs = List.copyOf(epochs);
        finalMetrics = Map.copyOf(finalMetrics);
    }
}
