package io.dsml.core.run;

import io.dsml.core.assemble.CellAssembler;
import io.dsml.core.config.CellPlan;
import io.dsml.core.config.ComponentConfig;
import io.dsml.core.config.ExperimentConfig;
import io.dsml.core.data.ClassFolds;
import io.dsml.core.error.DsmlException;
import io.dsml.core.inject.Registries;
import io.dsml.core.params.Params;
import io.dsml.core.spi.BackboneFactory;
import io.dsml.core.spi.DatasetProvider;
import io.dsml.core.spi.DatasetSplits;
import io.dsml.core.spi.LabeledImages;
import io.dsml.core.spi.LossFactory;
import io.dsml.core.train.TrainingDevices;
import io.dsml.evaluation.Calibration;
import io.dsml.evaluation.Metric;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns an experiment's configuration into its grid of cells, checking every name,
 * hyperparameter, metric and the dataset's split and options before anything is written, then
 * (with {@link #prepare}) loading the data and checking what only the data can tell: bad input
 * fails without leaving a run directory behind.
 */
final class ExperimentPlanner {
    private final Registries registries;
    private final CellAssembler assembler;

    ExperimentPlanner(Registries registries, CellAssembler assembler) {
        this.registries = registries;
        this.assembler = assembler;
    }

    private record ResolvedComponent(ComponentConfig config, Params params) {}

    /** Validates names, hyperparameters and metrics, and loads the dataset. */
    ExperimentRunner.Prepared prepare(ExperimentConfig config, Path dataDirOverride) {
        List<CellPlan> cells = validate(config);
        // devices the engine lacks are refused before any data is read or directory created
        TrainingDevices.resolve(config.training().devices());
        DatasetSplits data =
                ConfiguredDataset.load(registries, config, config.dataset().split(), dataDirOverride);
        LabeledImages validation = null;
        if (config.evaluation().selectSplit() != null) {
            // Train on the selection split's training classes, choose on its held-out classes,
            // report on the configured split's test classes.
            DatasetSplits selection = ConfiguredDataset.load(
                    registries, config, config.evaluation().selectSplit(), dataDirOverride);
            validation = selection.test();
            data = new DatasetSplits(
                    selection.train(),
                    data.test(),
                    data.sharedClasses(),
                    data.description() + "; trained on " + config.evaluation().selectSplit()
                            + "'s training classes, epoch chosen on its held-out classes");
        }
        List<ExperimentRunner.CellData> foldData = new ArrayList<>();
        if (config.evaluation().crossValidates()) {
            // Classes, not samples, are dealt into folds: each fold validates on classes it never trained on.
            ClassFolds folds = classFolds(config, data.train());
            data = new DatasetSplits(
                    data.train(),
                    data.test(),
                    false,
                    data.description() + "; " + folds.folds() + " class-disjoint folds of its training classes");
            for (int f = 0; f < folds.folds(); f++) {
                DatasetSplits fold = folds.split(data.train(), f, data.description());
                foldData.add(new ExperimentRunner.CellData(
                        new DatasetSplits(fold.train(), data.test(), false, fold.description()), fold.test()));
            }
        }
        ExperimentRunner.Prepared prepared = new ExperimentRunner.Prepared(config, data, cells, validation, foldData);
        checkAgainstData(config, prepared);
        return prepared;
    }

    private static ClassFolds classFolds(ExperimentConfig config, LabeledImages train) {
        int folds = config.evaluation().folds();
        // a fold of one class validates nothing: every neighbour of every query is a match
        if (train.classes() < 2 * folds) {
            throw new DsmlException("evaluation.folds: " + folds + " folds of the " + train.classes()
                    + " training classes leave a fold with fewer than 2 classes, on which retrieval always"
                    + " succeeds; use at most " + Math.max(2, train.classes() / 2) + " folds");
        }
        try {
            return ClassFolds.assign(train.classes(), folds, config.evaluation().foldSeed());
        } catch (DsmlException e) {
            throw new DsmlException("evaluation.folds: " + e.getMessage());
        }
    }

    /**
     * What can only be checked with the data at hand, before anything is written: every cell's
     * network, loss and sampler can be built for this data (input size, pooling, batch layout),
     * and the test split has enough samples for the largest K.
     */
    private void checkAgainstData(ExperimentConfig config, ExperimentRunner.Prepared prepared) {
        DatasetSplits data = prepared.data();
        int maxK = config.evaluation().recallAt().stream()
                .mapToInt(Integer::intValue)
                .max()
                .orElse(1);
        boolean recall = config.evaluation().metrics().stream().anyMatch(m -> m.equalsIgnoreCase("recall"));
        for (CellPlan plan : prepared.cells()) {
            int trainSize = prepared.dataOf(plan).data().train().size();
            if (config.training().batchSize() > trainSize) {
                String where = plan.hasFold() ? "fold " + plan.fold() + "'s" : "the training split's";
                throw new DsmlException("training.batch_size: "
                        + config.training().batchSize() + " is more than " + where + " " + trainSize + " samples");
            }
        }
        if (recall && config.evaluation().measureTest() && maxK > data.test().size() - 1) {
            throw new DsmlException("evaluation.recall_at: K = " + maxK + " but each test query has only "
                    + (data.test().size() - 1) + " other samples");
        }
        long firstSeed = config.seeds().get(0); // the parts do not depend on the seed
        prepared.cells().stream()
                .filter(plan -> plan.seed() == firstSeed)
                .forEach(plan -> buildParts(config, prepared, plan));
    }

    /** Builds {@code plan}'s parts; a fold's failure names the fold, whose classes are fewer. */
    private void buildParts(ExperimentConfig config, ExperimentRunner.Prepared prepared, CellPlan plan) {
        DatasetSplits data = prepared.dataOf(plan).data();
        try {
            assembler.parts(config, data, plan);
        } catch (DsmlException e) {
            if (!plan.hasFold()) {
                throw e;
            }
            throw new DsmlException(
                    "fold " + plan.fold() + " (trains on " + data.train().classes() + " of the training classes): "
                            + e.getMessage(),
                    e);
        }
    }

    /**
     * Checks every name, hyperparameter, metric and the dataset's split and options, without
     * touching any file; returns the cells, seeds outermost.
     */
    List<CellPlan> validate(ExperimentConfig config) {
        config.evaluation().metrics().stream()
                .filter(m -> !m.equals("accuracy") && !m.equals(Calibration.ECE) && !m.equals(Calibration.NLL))
                .forEach(m -> {
                    try {
                        Metric.parse(m);
                    } catch (IllegalArgumentException e) {
                        throw new DsmlException("evaluation.metrics: " + e.getMessage());
                    }
                });
        registries.samplers().get(config.training().sampler(), "training.sampler");
        List<ResolvedComponent> backbones = new ArrayList<>();
        for (int b = 0; b < config.backbones().size(); b++) {
            ComponentConfig backbone = config.backbones().get(b);
            String path = "backbones[" + b + "]";
            BackboneFactory factory = registries.backbones().get(backbone.name(), path + ".name");
            backbones.add(new ResolvedComponent(
                    backbone, Params.resolve(path + ".params", factory.params(), backbone.params())));
        }
        List<ResolvedComponent> losses = new ArrayList<>();
        for (int l = 0; l < config.losses().size(); l++) {
            ComponentConfig loss = config.losses().get(l);
            String path = "losses[" + l + "]";
            LossFactory factory = registries.losses().get(loss.name(), path + ".name");
            losses.add(new ResolvedComponent(loss, Params.resolve(path + ".params", factory.params(), loss.params())));
        }
        List<CellPlan> cells = grid(config.seeds(), config.evaluation().folds(), backbones, losses);
        DatasetProvider provider = registries.datasets().get(config.dataset().name(), "dataset.name");
        if (!provider.splits().contains(config.dataset().split())) {
            throw new DsmlException("dataset.split: '" + config.dataset().split() + "' is not a split of "
                    + provider.name() + "; valid: " + String.join(", ", provider.splits()));
        }
        Params.resolve("dataset.params", provider.params(), config.dataset().params());
        validateSelection(config, provider);
        if (config.evaluation().baseline() != null) {
            try {
                BaselineComparison.resolve(
                        config.evaluation().baseline(),
                        config.losses().stream()
                                .map(ComponentConfig::displayName)
                                .toList());
            } catch (DsmlException e) {
                throw new DsmlException("evaluation.baseline: " + e.getMessage());
            }
        }
        return cells;
    }

    /**
     * Seeds outermost, then folds: a run cut short still has every backbone x loss for the first
     * seeds (and folds).
     *
     * @param folds the folds of a cross-validation, or 0 for none
     */
    private static List<CellPlan> grid(
            List<Long> seeds, int folds, List<ResolvedComponent> backbones, List<ResolvedComponent> losses) {
        List<CellPlan> cells = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        List<Integer> foldList =
                folds >= 2 ? java.util.stream.IntStream.range(0, folds).boxed().toList() : List.of(CellPlan.NO_FOLD);
        for (long seed : seeds) {
            for (int fold : foldList) {
                for (ResolvedComponent backbone : backbones) {
                    for (ResolvedComponent loss : losses) {
                        String id = CellIds.of(backbone.config(), loss.config(), seed, fold);
                        if (!ids.add(id)) {
                            throw new DsmlException("cell '" + id + "' appears twice: give repeated losses or "
                                    + "backbones distinct labels, and seeds once each");
                        }
                        cells.add(new CellPlan(
                                id, backbone.config(), backbone.params(), loss.config(), loss.params(), seed, fold));
                    }
                }
            }
        }
        return cells;
    }

    private static void validateSelection(ExperimentConfig config, DatasetProvider provider) {
        var evaluation = config.evaluation();
        if (!evaluation.selects()) {
            return;
        }
        if (evaluation.crossValidates()) {
            requireSelectMetric(evaluation);
            return;
        }
        if (!provider.splits().contains(evaluation.selectSplit())) {
            throw new DsmlException("evaluation.select_split: '" + evaluation.selectSplit() + "' is not a split of "
                    + provider.name() + "; valid: " + String.join(", ", provider.splits()));
        }
        if (evaluation.selectSplit().equals(config.dataset().split())) {
            throw new DsmlException("evaluation.select_split: must differ from dataset.split ('"
                    + config.dataset().split() + "'): the epoch is never chosen on the test split");
        }
        requireSelectMetric(evaluation);
    }

    private static void requireSelectMetric(io.dsml.core.config.EvaluationConfig evaluation) {
        String metric = evaluation.selectMetric();
        String base = metric.startsWith("recall@") ? "recall" : metric;
        boolean measured = evaluation.metrics().stream().anyMatch(m -> m.equalsIgnoreCase(base));
        boolean recallKnown =
                !base.equals("recall") || evaluation.recallAt().stream().anyMatch(k -> metric.equals("recall@" + k));
        if (!measured || !recallKnown || base.equals("accuracy")) {
            throw new DsmlException("evaluation.select_metric: '" + metric
                    + "' is not a retrieval or clustering metric this experiment measures (evaluation.metrics, "
                    + "evaluation.recall_at)");
        }
    }

    /**
     * The requested metrics that cannot apply to some cells, one line each, for a warning before
     * the run (their cells show no value): {@code accuracy} on a split whose test classes are not
     * training classes, and for a loss without a classifier. Never silently dropped.
     */
    List<String> notApplicableMetrics(ExperimentRunner.Prepared prepared) {
        ExperimentConfig config = prepared.config();
        if (!config.evaluation().metrics().contains("accuracy")) {
            return List.of();
        }
        if (!prepared.data().sharedClasses()) {
            return List.of("evaluation.metrics: accuracy is n/a on split '"
                    + config.dataset().split()
                    + "': its test classes are not training classes, so no cell has an accuracy");
        }
        List<String> lines = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (CellPlan plan : prepared.cells()) {
            boolean classifies =
                    assembler.loss(config, prepared.data(), plan).classifier().isPresent();
            if (!classifies && seen.add(plan.loss().displayName())) {
                lines.add("evaluation.metrics: accuracy is n/a for loss '"
                        + plan.loss().displayName()
                        + "': it has no classifier, so its cells have no accuracy (n/a in the table)");
            }
        }
        return lines;
    }
}
