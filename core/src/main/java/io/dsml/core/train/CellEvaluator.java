package io.dsml.core.train;

import io.dsml.core.config.EvaluationConfig;
import io.dsml.core.error.DsmlException;
import io.dsml.core.spi.ClassScorer;
import io.dsml.core.spi.LabeledImages;
import io.dsml.core.spi.MetricLoss;
import io.dsml.evaluation.Calibration;
import io.dsml.evaluation.Classification;
import io.dsml.evaluation.EvaluationResult;
import io.dsml.evaluation.Evaluator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Measures a cell on the test split: classification accuracy through the loss's classifier (when
 * train and test share classes) and the evaluation module's retrieval and clustering metrics on
 * the test embeddings, each query against all other test samples.
 */
final class CellEvaluator {
    static final String ACCURACY = "accuracy";

    private final EvaluationConfig config;
    private final boolean classification;
    private final Evaluator evaluator;
    private final boolean wantsAccuracy;
    private final boolean wantsEce;
    private final boolean wantsNll;

    CellEvaluator(EvaluationConfig config, boolean classification, long seed) {
        this.config = config;
        this.classification = classification;
        this.wantsAccuracy = config.metrics().contains(ACCURACY);
        this.wantsEce = config.metrics().contains(Calibration.ECE);
        this.wantsNll = config.metrics().contains(Calibration.NLL);
        this.evaluator = EmbeddingEvaluators.of(config, seed).orElse(null);
    }

    /**
     * Metrics of the test split, and the embeddings (and class-probability logits [n, classes], or
     * {@code null}) they were computed from.
     */
    record Evaluation(
            Map<String, Double> metrics, io.dsml.evaluation.EmbeddingSet embeddings, float[] logits, int classes) {}

    Evaluation evaluate(EmbeddingExtractor extractor, MetricLoss loss, LabeledImages test) {
        ClassScorer scorer = wantsAccuracy && classification ? loss.classifier().orElse(null) : null;
        ClassScorer posterior = (wantsEce || wantsNll) && classification
                ? loss.probabilityLogits().orElse(null)
                : null;
        EmbeddingExtractor.Extraction extraction = extractor.run(test, scorer, posterior);
        Map<String, Double> values = new LinkedHashMap<>();
        if (scorer != null) {
            values.put(ACCURACY, Classification.accuracy(extraction.predictions(), test.labels()));
        }
        putCalibration(values, extraction, test.labels());
        if (evaluator != null) {
            EvaluationResult result = evaluator.evaluate(extraction.embeddings());
            values.putAll(result.values());
        }
        return new Evaluation(values, extraction.embeddings(), extraction.logits(), extraction.classes());
    }

    /** ECE and NLL of the posterior, when the loss has one and they were asked for. */
    private void putCalibration(Map<String, Double> values, EmbeddingExtractor.Extraction extraction, int[] labels) {
        float[] logits = extraction.logits();
        if (logits == null) {
            return;
        }
        if (wantsEce) {
            values.put(Calibration.ECE, Calibration.ece(logits, labels.length, extraction.classes(), labels));
        }
        if (wantsNll) {
            values.put(Calibration.NLL, Calibration.nll(logits, labels.length, extraction.classes(), labels));
        }
    }

    /**
     * Retrieval and clustering metrics of a held-out validation split, keys prefixed {@code val_};
     * no classifier (validation classes are not the training classes).
     */
    Map<String, Double> validate(EmbeddingExtractor extractor, LabeledImages validation) {
        Map<String, Double> values = new LinkedHashMap<>();
        if (evaluator != null) {
            EmbeddingExtractor.Extraction extraction = extractor.run(validation, null);
            evaluator
                    .evaluate(extraction.embeddings())
                    .values()
                    .forEach((k, v) -> values.put(VALIDATION_PREFIX + k, v));
        }
        return values;
    }

    /** Prefix of the validation split's metrics in epoch records. */
    static final String VALIDATION_PREFIX = "val_";

    /**
     * Fails before training when the test split cannot give the requested metrics: no class with
     * two samples for retrieval, only one-sample classes for clustering.
     */
    void requireDefinedOn(LabeledImages test) {
        if (evaluator == null) {
            return;
        }
        try {
            evaluator.requireDefined(test.labels(), null);
        } catch (io.dsml.evaluation.UndefinedMetricException e) {
            throw new DsmlException("the test split (" + test.size() + " images): " + e.getMessage());
        }
    }

    boolean dueAfter(int epoch, int totalEpochs) {
        return epoch == totalEpochs || epoch % config.everyEpochs() == 0;
    }
}
