package io.dsml.core.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dsml.core.error.DsmlException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Chooses a cell's reported epoch on its validation split: the evaluated epoch with the highest
 * validation value, the <em>later</em> one on ties (a tie means the further-trained network did as
 * well on held-out classes; the earlier rule let a head-only warm-up epoch win by being first),
 * read from the cell's whole {@code metrics.jsonl}, so a resumed cell chooses among the epochs of
 * every session. A NaN validation value never wins. The test split never takes part in the choice.
 * {@link SelectedEpochExport} applies the same rule while training, so the saved model is the
 * chosen epoch's.
 *
 * <p>The result holds the chosen epoch's test metrics under their own names (the headline
 * numbers), {@code selected_epoch}, the validation value that chose it, and the last epoch's test
 * metrics prefixed {@code last_}: both numbers, so a reader sees what selection changed.
 */
final class ModelSelection {
    static final String SELECTED_EPOCH = "selected_epoch";
    static final String LAST_PREFIX = "last_";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ModelSelection() {}

    /**
     * @param metricsFile the cell's per-epoch log
     * @param validationKey the deciding key, e.g. {@code val_recall@1}
     * @param finalMetrics the last evaluation's test metrics (their keys are the test metrics)
     */
    static Map<String, Double> select(Path metricsFile, String validationKey, Map<String, Double> finalMetrics) {
        JsonNode best = best(lines(metricsFile), validationKey);
        if (best == null) {
            throw new DsmlException(metricsFile + ": no epoch has the validation metric " + validationKey
                    + " (is evaluation.select_metric one of evaluation.metrics?)");
        }
        Map<String, Double> result = new LinkedHashMap<>();
        for (String key : finalMetrics.keySet()) {
            JsonNode value = best.get(key);
            if (value != null && value.isNumber()) {
                result.put(key, value.asDouble());
            }
        }
        result.put(SELECTED_EPOCH, best.get("epoch").asDouble());
        result.put(validationKey, best.get(validationKey).asDouble());
        finalMetrics.forEach((key, value) -> result.put(LAST_PREFIX + key, value));
        return result;
    }

    /**
     * Whether an epoch with validation value {@code candidate} replaces the chosen epoch so far,
     * whose value is {@code best} ({@code null} before any): higher or equal, the later epoch
     * winning ties.
     */
    static boolean improves(double candidate, Double best) {
        return !Double.isNaN(candidate) && (best == null || candidate >= best);
    }

    /** The best validation value in {@code metricsFile} so far, empty if none (or no file). */
    static Optional<Double> bestValue(Path metricsFile, String validationKey) {
        return bestEpoch(metricsFile, validationKey).map(Best::value);
    }

    /** The chosen epoch so far and its validation value. */
    record Best(int epoch, double value) {}

    /** The epoch chosen among those in {@code metricsFile} so far, empty if none (or no file). */
    static Optional<Best> bestEpoch(Path metricsFile, String validationKey) {
        if (!Files.exists(metricsFile)) {
            return Optional.empty();
        }
        JsonNode best = best(lines(metricsFile), validationKey);
        return best == null
                ? Optional.empty()
                : Optional.of(new Best(
                        best.get("epoch").asInt(), best.get(validationKey).asDouble()));
    }

    private static JsonNode best(List<JsonNode> lines, String validationKey) {
        JsonNode best = null;
        for (JsonNode line : lines) {
            JsonNode value = line.get(validationKey);
            if (value != null
                    && value.isNumber()
                    && improves(
                            value.asDouble(),
                            best == null ? null : best.get(validationKey).asDouble())) {
                best = line;
            }
        }
        return best;
    }

    private static List<JsonNode> lines(Path file) {
        try {
            return Files.readAllLines(file).stream()
                    .filter(l -> !l.isBlank())
                    .map(ModelSelection::parse)
                    .toList();
        } catch (IOException e) {
            throw new DsmlException(file + ": cannot read the cell's metrics log: " + e.getMessage());
        }
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new DsmlException("metrics.jsonl: unreadable line: " + e.getOriginalMessage());
        }
    }
}
