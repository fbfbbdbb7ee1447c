package io.dsml.core.config;

import java.util.List;

/**
 * What to measure on the test split.
 *
 * @param metrics metric names: {@code accuracy} (classification through the loss's classifier,
 *     when it has one), {@code ece} and {@code nll} (calibration of the loss's class posterior,
 *     when it defines one: 15 equal-mass-bin ECE as Scott et al. 2021, negative log-likelihood) and the retrieval/clustering metrics of the evaluation module ({@code
 *     recall}, {@code precision_at_1}, {@code r_precision}, {@code map_at_r}, {@code nmi}, {@code
 *     ami}); default {@code [accuracy, recall]}
 * @param recallAt the K of Recall@K (default [1])
 * @param everyEpochs evaluate after every this many epochs, and always after the last (default 1)
 * @param baseline the loss label (or loss name, when only one label has it) of the cell group that
 *     the results tables compare every other group of the same backbone with (difference, 95% CI,
 *     t-test p-value); unset: no comparison
 * @param selectSplit model selection: a split of the dataset with held-out training classes
 *     (e.g. {@code retrieval-val}); the cell trains on that split's training part, is measured on
 *     its held-out part at every evaluation ({@code val_} metrics) and on the configured split's
 *     test part, and reports the test metrics of the epoch with the best validation value, never
 *     choosing on test; unset (the default): no selection, the last epoch is reported
 * @param selectMetric the validation metric that chooses the epoch (default {@code recall@1});
 *     higher is better
 * @param probesPerEpoch diagnostics: the test metrics are also measured at this many evenly
 *     spaced points within each epoch, the last being its end (0 or 1, the default: none within),
 *     and logged to the cell's {@code probes.jsonl} with the loss's class-state diagnostics; they
 *     do not shape training (and are left out of the configuration's fingerprint)
 * @param folds class-disjoint k-fold cross-validation of the training classes (0: none)
 * @param foldSeed the seed that deals the training classes into folds
 * @param measureTest whether cells are measured on the test split (default {@code true}); {@code
 *     false} measures only the held-out training classes of {@code select_split} or the folds, so
 *     a run that chooses among configurations (a {@code dsml tune} trial) never sees the test
 *     split. It does not shape training and is left out of the configuration's fingerprint
 */
public record EvaluationConfig(
        List<String> metrics,
        List<Integer> recallAt,
        Integer everyEpochs,
        String baseline,
        String selectSplit,
        String selectMetric,

        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_DEFAULT)
        Integer probesPerEpoch,

        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_DEFAULT)
        Integer folds,

        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_DEFAULT)
        Long foldSeed,

        // written only when false, so the config.yaml of every run that measures the test split
        // (all but tuning trials) reads as before the key existed
        @com.fasterxml.jackson.annotation.JsonInclude(
                value = com.fasterxml.jackson.annotation.JsonInclude.Include.CUSTOM,
                valueFilter = OmitWhenTrue.class)
        Boolean measureTest) {
    public EvaluationConfig {
        metrics = metrics == null ? List.of("accuracy", "recall") : List.copyOf(metrics);
        recallAt = recallAt == null ? List.of(1) : List.copyOf(recallAt);
        everyEpochs = everyEpochs == null ? 1 : everyEpochs;
        selectMetric = selectMetric == null ? "recall@1" : selectMetric;
        probesPerEpoch = probesPerEpoch == null ? 0 : probesPerEpoch;
        folds = folds == null ? 0 : folds;
        foldSeed = foldSeed == null ? 0L : foldSeed;
        measureTest = measureTest == null || measureTest;
    }

    /** Without cross-validation (the components of the configs written before it existed). */
    public EvaluationConfig(
            List<String> metrics,
            List<Integer> recallAt,
            Integer everyEpochs,
            String baseline,
            String selectSplit,
            String selectMetric,
            Integer probesPerEpoch) {
        this(metrics, recallAt, everyEpochs, baseline, selectSplit, selectMetric, probesPerEpoch, null, null, null);
    }

    public static EvaluationConfig defaults() {
        return new EvaluationConfig(null, null, null, null, null, null, null);
    }

    /**
     * Whether the reported epoch is chosen on held-out training classes: those of {@code
     * select_split}, or each fold's own.
     */
    public boolean selects() {
        return selectSplit != null || crossValidates();
    }

    /** Whether every cell is one fold of a class-disjoint cross-validation ({@code folds} >= 2). */
    public boolean crossValidates() {
        return folds >= 2;
    }

    /** This config with another baseline ({@code null}: none). */
    public EvaluationConfig withBaseline(String name) {
        return copy(name, measureTest);
    }

    /** This config measuring the test split or, with {@code false}, only the held-out training classes. */
    public EvaluationConfig withMeasureTest(boolean measure) {
        return copy(baseline, measure);
    }

    private EvaluationConfig copy(String baseline, boolean measureTest) {
        return new EvaluationConfig(
                metrics,
                recallAt,
                everyEpochs,
                baseline,
                selectSplit,
                selectMetric,
                probesPerEpoch,
                folds,
                foldSeed,
                measureTest);
    }

    /** Jackson's filter that leaves {@code measure_test: true}, the default, out of written configs. */
    static final class OmitWhenTrue {
        @Override
        public boolean equals(Object value) {
            return Boolean.TRUE.equals(value);
        }

        @Override
        public int hashCode() {
            return 1;
        }
    }
}
