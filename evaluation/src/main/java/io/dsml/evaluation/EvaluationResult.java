package io.dsml.evaluation;

import java.util.LinkedHashMap;

/**
 * Metric values in a fixed order, keyed {@code "recall@1"}, {@code "recall@2"}, ...,
 * {@code "precision_at_1"}, {@code "r_precision"}, {@code "map_at_r"}, {@code "nmi"},
 * {@code "ami"} (only the requested ones). Values lie in [0, 1], except AMI, which is
 * chance-adjusted and may be slightly negative for clusterings worse than chance.
 *
 * @param values the metric values (copied; the accessor returns a copy)
 * @param loneQueries queries excluded from the retrieval means because no other gallery item
 *     has their class (0 when no retrieval metric was requested)
 */
public record EvaluationResult(LinkedHashMap<String, Double> values, int loneQueries) {
    /** Copies {@code values}. */
    public EvaluationResult {
        values = new LinkedHashMap<>(values);
        if (loneQueries < 0) {
            throw new IllegalArgumentException("loneQueries must be >= 0, got " + loneQueries);
        }
    }

    /** A result with no lone queries. */
    public EvaluationResult(LinkedHashMap<String, Double> values) {
        this(values, 0);
    }

    /** A copy of the values, in order. */
    @Override
    public LinkedHashMap<String, Double> values() {
        return new LinkedHashMap<>(values);
    }

    /**
     * The value for {@code key}.
     *
     * @throws IllegalArgumentException if the key was not computed, listing the available keys
     */
    public double get(String key) {
        Double v = values.get(key);
        if (v == null) {
            throw new IllegalArgumentException(
                    "no metric '%s' in this result; available: %s".formatted(key, values.keySet()));
        }
        return v;
    }
}
