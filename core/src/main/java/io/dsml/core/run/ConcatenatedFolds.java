package io.dsml.core.run;

import io.dsml.core.config.EvaluationConfig;
import io.dsml.core.error.DsmlException;
import io.dsml.core.train.EmbeddingEvaluators;
import io.dsml.evaluation.ConcatenatedEmbeddings;
import io.dsml.evaluation.EmbeddingSet;
import io.dsml.evaluation.Evaluator;
import io.dsml.evaluation.Npy;
import io.dsml.evaluation.NpyArray;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The concatenated evaluation of a cross-validated run, as <i>A Metric Learning Reality Check</i>
 * reports it beside the single models: for each backbone x loss x seed whose k fold cells all
 * finished, the k models' test embeddings (each L2-normalised, {@link ConcatenatedEmbeddings})
 * are joined into one k x d-dimensional embedding and measured with the run's retrieval and
 * clustering metrics. Each such group becomes one row entry (seed = replicate) of a results table
 * whose backbone is marked {@value #MARK}, so the baseline comparison pairs it by seed.
 */
final class ConcatenatedFolds {
    /** Appended to the backbone label of the concatenated rows. */
    static final String MARK = " (folds concatenated)";

    private ConcatenatedFolds() {}

    /**
     * The concatenated results of the complete fold groups among {@code results}; empty when the
     * run does not cross-validate, does not measure the test split, or measures no retrieval or
     * clustering metric.
     */
    static List<CellResult> of(RunDirectory directory, EvaluationConfig evaluation, List<CellResult> results) {
        if (!evaluation.crossValidates()
                || !evaluation.measureTest()
                || EmbeddingEvaluators.of(evaluation, 0).isEmpty()) {
            return List.of();
        }
        Map<String, List<CellResult>> groups = new LinkedHashMap<>();
        for (CellResult r : results) {
            if (r.fold() != null) {
                groups.computeIfAbsent(r.backbone() + "\u0000" + r.loss() + "\u0000" + r.seed(), g -> new ArrayList<>())
                        .add(r);
            }
        }
        List<CellResult> concatenated = new ArrayList<>();
        for (List<CellResult> group : groups.values()) {
            boolean complete =
                    group.size() == evaluation.folds() && group.stream().allMatch(CellResult::ok);
            if (complete) {
                concatenated.add(evaluate(directory, evaluation, group));
            }
        }
        return concatenated;
    }

    private static CellResult evaluate(RunDirectory directory, EvaluationConfig evaluation, List<CellResult> folds) {
        List<EmbeddingSet> parts = new ArrayList<>();
        folds.stream()
                .sorted(java.util.Comparator.comparing(CellResult::fold))
                .forEach(cell -> parts.add(testEmbeddings(directory.store().cell(cell.cellId()))));
        CellResult first = folds.get(0);
        Evaluator evaluator = EmbeddingEvaluators.of(evaluation, first.seed()).orElseThrow();
        Map<String, Double> values =
                ConcatenatedEmbeddings.evaluate(evaluator, parts).values();
        double trainSeconds =
                folds.stream().mapToDouble(CellResult::trainSeconds).sum();
        String id = first.cellId().replaceAll("__fold\\d+$", "") + "__concatenated";
        return new CellResult(
                id,
                first.dataset(),
                first.backbone() + MARK,
                first.loss(),
                first.seed(),
                CellResult.OK,
                "",
                first.epochs(),
                trainSeconds,
                values);
    }

    private static EmbeddingSet testEmbeddings(CellFiles cell) {
        try {
            if (!Files.exists(cell.testEmbeddings()) || !Files.exists(cell.testLabels())) {
                throw new DsmlException(cell.dir() + ": no test embeddings to concatenate (test_embeddings.npy,"
                        + " test_labels.npy); rerun the cell with --resume after deleting its result.json");
            }
            NpyArray embeddings = Npy.read(cell.testEmbeddings());
            return new EmbeddingSet(
                    embeddings.asFloats(),
                    embeddings.shape()[0],
                    embeddings.shape()[1],
                    Npy.read(cell.testLabels()).asInts());
        } catch (IOException e) {
            throw new DsmlException(cell.testEmbeddings() + ": cannot read the test embeddings: " + e.getMessage());
        }
    }
}
