package io.dsml.core.train;

import io.dsml.core.config.EvaluationConfig;
import io.dsml.evaluation.Calibration;
import io.dsml.evaluation.Evaluator;
import io.dsml.evaluation.Metric;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The evaluator of an experiment's retrieval and clustering metrics: those of {@code
 * evaluation.metrics} computed from embeddings alone (not {@code accuracy}, {@code ece} or {@code
 * nll}, which need the loss's classifier or posterior), at its {@code recall_at}. A cell's test
 * and validation passes and the folds' concatenated evaluation measure with it alike.
 */
public final class EmbeddingEvaluators {
    private EmbeddingEvaluators() {}

    /** The evaluator, seeded with {@code seed} (clustering); empty when no such metric is asked for. */
    public static Optional<Evaluator> of(EvaluationConfig config, long seed) {
        Set<Metric> metrics = EnumSet.noneOf(Metric.class);
        for (String name : config.metrics()) {
            if (!name.equals(CellEvaluator.ACCURACY)
                    && !name.equals(Calibration.ECE)
                    && !name.equals(Calibration.NLL)) {
                metrics.add(Metric.parse(name));
            }
        }
        if (metrics.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(Evaluator.builder()
                .metrics(metrics)
                .recallAt(config.recallAt().stream().mapToInt(Integer::intValue).toArray())
                .seed(seed)
                .build());
    }
}
