package io.dsml.core.train;

import java.util.Map;

/**
 * What one epoch produced: one line of {@code metrics.jsonl}.
 *
 * @param epoch 1-based epoch number
 * @param steps optimizer steps so far
 * @param loss mean training loss over the epoch's steps
 * @param trainSeconds wall time of the epoch's training steps and class-state refreshes
 * @param evalSeconds wall time of the epoch's evaluation (0 if not evaluated)
 * @param metrics evaluation metrics (empty if not evaluated this epoch) and extras such as
 *     refresh time and class-state diagnostics
 */
public record EpochRecord(
        int epoch, long steps, double loss, double trainSeconds, double evalSeconds, Map<String, Double> metrics) {
    public EpochRecord {
        metrics = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metrics));
    }
}
