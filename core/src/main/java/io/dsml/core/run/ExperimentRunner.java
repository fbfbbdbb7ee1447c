package io.dsml.core.run;

import ai.djl.nn.Block;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.google.inject.Inject;
import io.dsml.core.config.CellPlan;
import io.dsml.core.config.ComponentConfig;
import io.dsml.core.config.ConfigFingerprint;
import io.dsml.core.config.ConfigLoader;
import io.dsml.core.config.ExperimentConfig;
import io.dsml.core.error.DsmlException;
import io.dsml.core.inject.Registries;
import io.dsml.core.model.EmbeddingModel;
import io.dsml.core.params.Params;
import io.dsml.core.spi.BackboneFactory;
import io.dsml.core.spi.BatchSampler;
import io.dsml.core.spi.DatasetProvider;
import io.dsml.core.spi.DatasetSplits;
import io.dsml.core.spi.LossFactory;
import io.dsml.core.spi.MetricLoss;
import io.dsml.core.train.Cell;
import io.dsml.core.train.Checkpoint;
import io.dsml.core.train.DivergenceException;
import io.dsml.core.train.MetricTrainer;
import io.dsml.core.train.TrainingListener;
import io.dsml.core.train.TrainingOutcome;
import io.dsml.evaluation.EmbeddingSet;
import io.dsml.evaluation.Metric;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Runs an experiment's grid (backbone x loss x seed) on one dataset. {@link #prepare} checks every
 * name and hyperparameter and loads the data before anything is written, so bad input fails
 * without leaving a run directory behind; {@link #run} then trains each cell, writes its result
 * atomically, skips cells already finished in a resumed run directory, and writes the aggregated
 * {@code results.md}, {@code results.csv} and {@code results.json}.
 */
public final class ExperimentRunner {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** File names of a cell's final test embeddings and labels. */
    public static final String TEST_EMBEDDINGS = "test_embeddings.npy";

    public static final String TEST_LABELS = "test_labels.npy";

    /** File name of a cell's final class-probability logits [n, classes] (for ECE/NLL, reliability). */
    public static final String TEST_LOGITS = "test_logits.npy";

    /** File names of a cell's checkpoint and result. */
    static final String CHECKPOINT = "checkpoint.bin";

    static final String RESULT = "result.json";

    private final Registries registries;
    private final java.util.function.Consumer<String> warnings;
    private final io.dsml.core.train.Cancellation cancellation;

    @Inject
    public ExperimentRunner(Registries registries) {
        this(
                registries,
                warning -> System.err.println("dsml: warning: " + warning),
                new io.dsml.core.train.Cancellation());
    }

    private ExperimentRunner(
            Registries registries,
            java.util.function.Consumer<String> warnings,
            io.dsml.core.train.Cancellation cancellation) {
        this.registries = registries;
        this.warnings = warnings;
        this.cancellation = cancellation;
    }

    /**
     * This runner with the warnings that arise while cells train (e.g. a resumed cell whose
     * selected epoch was never saved) given to {@code warnings}; by default they go to standard
     * error.
     */
    public ExperimentRunner warningsTo(java.util.function.Consumer<String> warnings) {
        return new ExperimentRunner(registries, warnings, cancellation);
    }

    /**
     * This runner with its cells' training stopped cleanly (at a checkpoint) when {@code
     * cancellation} is requested; by default nothing cancels it.
     */
    public ExperimentRunner cancelledBy(io.dsml.core.train.Cancellation cancellation) {
        return new ExperimentRunner(registries, warnings, cancellation);
    }

    /**
     * A validated experiment with its data loaded.
     *
     * @param validation the held-out images of {@code evaluation.select_split}, or {@code null}
     */
    public record Prepared(
            ExperimentConfig config,
            DatasetSplits data,
            List<CellPlan> cells,
            io.dsml.core.spi.LabeledImages validation) {
        /** An experiment without model selection. */
        public Prepared(ExperimentConfig config, DatasetSplits data, List<CellPlan> cells) {
            this(config, data, cells, null);
        }

        /**
         * This experiment with its cells named as {@code directory} names them: an older run
         * directory keeps the longer ids it was written with (see {@link CellIds}).
         */
        public Prepared inDirectory(RunDirectory directory) {
            return new Prepared(config, data, CellIds.adopt(directory, cells), validation);
        }
    }

    private record ResolvedComponent(ComponentConfig config, Params params) {}

    /**
     * What a run produced.
     *
     * @param missing the ids of the grid's cells that have no result (yet), in grid order
     */
    public record Summary(Path directory, List<CellResult> cells, ResultsTable table, List<String> missing) {}

    /** Validates names, hyperparameters and metrics, and loads the dataset. */
    public Prepared prepare(ExperimentConfig config, Path dataDirOverride) {
        List<CellPlan> cells = validate(config);
        // devices the engine lacks are refused before any data is read or directory created
        io.dsml.core.train.TrainingDevices.resolve(config.training().devices());
        DatasetProvider provider = registries.datasets().get(config.dataset().name(), "dataset.name");
        Params dParams = Params.resolve(
                "dataset.params", provider.params(), config.dataset().params());
        Path dataDir = dataDirOverride != null
                ? dataDirOverride
                : config.dataset().dataDir() == null
                        ? null
                        : Path.of(config.dataset().dataDir());
        DatasetSplits data = provider.load(dParams, config.dataset().split(), dataDir);
        io.dsml.core.spi.LabeledImages validation = null;
        if (config.evaluation().selects()) {
            // Train on the selection split's training classes, choose on its held-out classes,
            // report on the configured split's test classes.
            DatasetSplits selection = provider.load(dParams, config.evaluation().selectSplit(), dataDir);
            validation = selection.test();
            data = new DatasetSplits(
                    selection.train(),
                    data.test(),
                    data.sharedClasses(),
                    data.description() + "; trained on " + config.evaluation().selectSplit()
                            + "'s training classes, epoch chosen on its held-out classes");
        }
        checkAgainstData(config, data, cells);
        return new Prepared(config, data, cells, validation);
    }

    /**
     * What can only be checked with the data at hand, before anything is written: every cell's
     * network, loss and sampler can be built for this data (input size, pooling, batch layout),
     * and the test split has enough samples for the largest K.
     */
    private void checkAgainstData(ExperimentConfig config, DatasetSplits data, List<CellPlan> cells) {
        int maxK = config.evaluation().recallAt().stream()
                .mapToInt(Integer::intValue)
                .max()
                .orElse(1);
        boolean recall = config.evaluation().metrics().stream().anyMatch(m -> m.equalsIgnoreCase("recall"));
        if (config.training().batchSize() > data.train().size()) {
            throw new DsmlException("training.batch_size: " + config.training().batchSize()
                    + " is more than the training split's " + data.train().size() + " samples");
        }
        if (recall && maxK > data.test().size() - 1) {
            throw new DsmlException("evaluation.recall_at: K = " + maxK + " but each test query has only "
                    + (data.test().size() - 1) + " other samples");
        }
        long firstSeed = config.seeds().get(0); // the parts do not depend on the seed
        cells.stream().filter(plan -> plan.seed() == firstSeed).forEach(plan -> build(config, data, plan));
    }

    /**
     * Checks every name, hyperparameter, metric and the dataset's split and options, without
     * touching any file; returns the cells, seeds outermost.
     */
    public List<CellPlan> validate(ExperimentConfig config) {
        config.evaluation().metrics().stream()
                .filter(m -> !m.equals("accuracy")
                        && !m.equals(io.dsml.evaluation.Calibration.ECE)
                        && !m.equals(io.dsml.evaluation.Calibration.NLL))
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
        // Seeds outermost: a run cut short still has every backbone x loss for the first seeds.
        List<CellPlan> cells = new ArrayList<>();
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (long seed : config.seeds()) {
            for (ResolvedComponent backbone : backbones) {
                for (ResolvedComponent loss : losses) {
                    String id = CellIds.of(backbone.config(), loss.config(), seed);
                    if (!ids.add(id)) {
                        throw new DsmlException("cell '" + id + "' appears twice: give repeated losses or "
                                + "backbones distinct labels, and seeds once each");
                    }
                    cells.add(
                            new CellPlan(id, backbone.config(), backbone.params(), loss.config(), loss.params(), seed));
                }
            }
        }
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

    private static void validateSelection(ExperimentConfig config, DatasetProvider provider) {
        var evaluation = config.evaluation();
        if (!evaluation.selects()) {
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
    public List<String> notApplicableMetrics(Prepared prepared) {
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
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (CellPlan plan : prepared.cells()) {
            LossFactory factory = registries.losses().get(plan.loss().name(), "loss");
            MetricLoss loss = factory.create(
                    plan.lossParams(),
                    new LossFactory.LossShape(
                            prepared.data().train().classes(),
                            config.embedding().dim()));
            if (loss.classifier().isEmpty() && seen.add(plan.loss().displayName())) {
                lines.add("evaluation.metrics: accuracy is n/a for loss '"
                        + plan.loss().displayName()
                        + "': it has no classifier, so its cells have no accuracy (n/a in the table)");
            }
        }
        return lines;
    }

    /**
     * Trains every cell not yet finished in {@code directory} and writes the aggregated tables.
     *
     * @param progress where to print per-epoch progress, or {@code null} for quiet
     */
    public Summary run(Prepared prepared, RunDirectory directory, PrintStream progress) {
        ExperimentConfig config = prepared.config();
        // Everything already in the directory is checked before anything is written.
        RunContents.standingResults(config, directory, prepared.cells());
        writeConfig(config, directory, true);
        List<CellResult> results = runCells(prepared, directory, plan -> true, progress);
        return writeResults(
                directory,
                config.name(),
                results,
                missingIds(prepared.cells(), results),
                config.evaluation().baseline());
    }

    /**
     * Records the run's configuration as {@code config.yaml}. Processes that share a run directory
     * (job-array shares, a Spark driver) each call this; the file is written once, atomically,
     * and a process that brings a different configuration is refused rather than mixing two
     * experiments in one directory.
     *
     * @param replace whether a different existing file may be replaced (a resumed run that trains
     *     longer); otherwise a differing file is an error
     */
    public static void writeConfig(ExperimentConfig config, RunDirectory directory, boolean replace) {
        Path file = directory.root().resolve("config.yaml");
        String yaml = new ConfigLoader().toYaml(config);
        if (replace) {
            if (!sameContent(file, yaml)) { // resuming a finished run rewrites nothing
                RunDirectory.writeAtomically(file, yaml);
            }
            return;
        }
        String existing = RunDirectory.writeOnce(file, yaml);
        if (existing != null) {
            throw new DsmlException(
                    file.toString(),
                    null,
                    "this run directory holds another configuration (" + firstDifference(existing, yaml)
                            + "); every process sharing a run directory must run the same experiment with the same "
                            + io.dsml.core.error.UserInput.Kind.CONFIG_OVERRIDE.mention());
        }
    }

    private static boolean sameContent(Path file, String content) {
        try {
            return Files.exists(file) && Files.readString(file).equals(content);
        } catch (IOException e) {
            return false; // unreadable: write it anew
        }
    }

    private static String firstDifference(String existing, String ours) {
        List<String> a = existing.lines().toList();
        List<String> b = ours.lines().toList();
        for (int line = 0; line < Math.max(a.size(), b.size()); line++) {
            String x = line < a.size() ? a.get(line) : "";
            String y = line < b.size() ? b.get(line) : "";
            if (!x.equals(y)) {
                return "line " + (line + 1) + ": '" + x.strip() + "' there, '" + y.strip() + "' here";
            }
        }
        return "same lines";
    }

    /**
     * Trains the selected cells that are not finished in {@code directory}, one at a time, each
     * under its {@link CellLock}: a cell that another process is training is skipped (it is left
     * out of the returned list), a cell finished meanwhile is read back. Writes no aggregated
     * tables: with several processes sharing the directory, only a complete grid makes a result.
     *
     * @param selected which cells of the grid to train
     * @param progress where to print per-epoch progress, or {@code null} for quiet
     * @return the selected cells' results, finished before or now, in grid order
     */
    public List<CellResult> runCells(
            Prepared prepared, RunDirectory directory, Predicate<CellPlan> selected, PrintStream progress) {
        return trainCells(prepared, directory, selected, progress).results();
    }

    /**
     * What {@link #trainCells} did.
     *
     * @param results the selected cells' results, finished before or now, in grid order
     * @param heldElsewhere the ids of selected cells skipped because another process trains them
     */
    public record CellsRun(List<CellResult> results, List<String> heldElsewhere) {}

    /** As {@link #runCells}, also naming the cells that another process was training. */
    public CellsRun trainCells(
            Prepared prepared, RunDirectory directory, Predicate<CellPlan> selected, PrintStream progress) {
        ExperimentConfig config = prepared.config();
        // Everything already in the directory is checked before anything is written.
        java.util.Map<String, CellResult> standing = RunContents.standingResults(config, directory, prepared.cells());
        List<CellPlan> cells = prepared.cells().stream().filter(selected).toList();
        List<CellResult> results = new ArrayList<>();
        List<String> heldElsewhere = new ArrayList<>();
        int index = 0;
        for (CellPlan plan : cells) {
            index++;
            String label = "[" + index + "/" + cells.size() + "] " + plan.id();
            if (standing.containsKey(plan.id())) {
                results.add(standing.get(plan.id()));
                say(progress, label + ": already finished, skipped");
                continue;
            }
            Path cellDir = directory.cellDir(plan.id());
            Path resultFile = cellDir.resolve(RESULT);
            try (CellLock lock = CellLock.tryAcquire(cellDir)) {
                if (lock == null) {
                    say(progress, label + ": another process is training it, skipped");
                    heldElsewhere.add(plan.id());
                    continue;
                }
                CellResult meanwhile = Files.exists(resultFile) ? readResult(resultFile) : null;
                if (meanwhile != null && stands(meanwhile, config.training().epochs())) {
                    results.add(meanwhile); // finished by the process that held the lock before us
                    continue;
                }
                CellResult result = runCell(
                        prepared,
                        plan,
                        cellDir,
                        progress == null
                                ? null
                                : new ConsoleProgressListener(
                                        progress, label, config.training().epochs(), System.console() != null));
                write(resultFile, result);
                results.add(result);
                if (CellResult.DIVERGED.equals(result.status())) {
                    say(
                            progress,
                            label + ": DIVERGED (" + result.message() + "); marked diverged in the table (--resume "
                                    + "does not retry it); the run goes on");
                }
            }
        }
        return new CellsRun(results, heldElsewhere);
    }

    /** A result that a resumed run keeps: finished with the configured epochs, or diverged. */
    private static boolean stands(CellResult result, int epochs) {
        return !result.ok() || result.epochs() == epochs;
    }

    private static void say(PrintStream progress, String line) {
        if (progress != null) {
            progress.println(line);
        }
    }

    /** The ids of {@code grid}'s cells that have no result in {@code results}, in grid order. */
    public static List<String> missingIds(List<CellPlan> grid, List<CellResult> results) {
        java.util.Set<String> done = new java.util.HashSet<>();
        results.forEach(r -> done.add(r.cellId()));
        return grid.stream().map(CellPlan::id).filter(id -> !done.contains(id)).toList();
    }

    /**
     * The results of {@code grid}'s cells finished in {@code directory}, in grid order; a cell
     * still being trained longer (resumed with more epochs) is not finished.
     */
    public static List<CellResult> finishedResults(RunDirectory directory, List<CellPlan> grid, int epochs) {
        List<CellResult> results = new ArrayList<>();
        for (CellPlan plan : grid) {
            Path file = directory.root().resolve("cells").resolve(plan.id()).resolve(RESULT);
            if (Files.exists(file)) {
                CellResult result = readResult(file);
                if (stands(result, epochs)) {
                    results.add(result);
                }
            }
        }
        return results;
    }

    /**
     * Aggregates a run directory from its {@code config.yaml} and the finished cells' results, in
     * the grid's order (so the tables equal those of an uninterrupted run, however many processes
     * trained the cells), and writes its results files; the summary names the cells still
     * missing. A directory without {@code config.yaml} (an older version's) is aggregated in
     * directory order.
     *
     * @param baseline the loss label to compare with, or {@code null} for the run's {@code
     *     evaluation.baseline}
     */
    public Summary reportGrid(RunDirectory directory, String baseline) {
        Path configFile = directory.root().resolve("config.yaml");
        if (!Files.exists(configFile)) {
            return report(
                    directory,
                    directory
                            .root()
                            .toAbsolutePath()
                            .normalize()
                            .getParent()
                            .getFileName()
                            .toString(),
                    baseline);
        }
        ExperimentConfig config = new ConfigLoader().load(configFile, List.of());
        List<CellPlan> grid = CellIds.adopt(directory, validate(config));
        List<CellResult> results =
                finishedResults(directory, grid, config.training().epochs());
        if (results.isEmpty()) {
            throw new DsmlException(
                    directory.root() + ": no finished cell to report (" + grid.size() + " cell(s) missing)");
        }
        return writeResults(
                directory,
                config.name(),
                results,
                missingIds(grid, results),
                baseline != null ? baseline : config.evaluation().baseline());
    }

    /**
     * Aggregates the finished cells of a run directory (in directory order) and writes its
     * results files; for runs that were cut short or produced by an older version.
     */
    public static Summary report(RunDirectory directory, String title) {
        return report(directory, title, baselineOf(directory));
    }

    /**
     * As {@link #report(RunDirectory, String)}, comparing with the given baseline ({@code null}:
     * none) instead of the run's {@code evaluation.baseline}.
     */
    public static Summary report(RunDirectory directory, String title, String baseline) {
        List<CellResult> results = new ArrayList<>();
        Path cells = directory.root().resolve("cells");
        Integer epochs = configuredEpochs(directory);
        if (Files.isDirectory(cells)) {
            try (var dirs = Files.list(cells)) {
                for (Path dir : dirs.sorted().toList()) {
                    if (Files.exists(dir.resolve(RESULT))) {
                        CellResult result = readResult(dir.resolve(RESULT));
                        // A cell still being trained longer (resumed with more epochs) is not finished.
                        if (!result.ok() || epochs == null || result.epochs() == epochs) {
                            results.add(result);
                        }
                    }
                }
            } catch (IOException e) {
                throw new DsmlException(cells + ": cannot list the cells: " + io.dsml.core.files.IoFailure.reason(e));
            }
        }
        if (results.isEmpty()) {
            throw new DsmlException(directory.root() + ": no finished cell to report");
        }
        return writeResults(directory, title, results, List.of(), baseline);
    }

    /** The run's configured {@code evaluation.baseline}, or {@code null} (also when it has no config.yaml). */
    public static String baselineOf(RunDirectory directory) {
        Path config = directory.root().resolve("config.yaml");
        if (!Files.exists(config)) {
            return null;
        }
        return new ConfigLoader().load(config, List.of()).evaluation().baseline();
    }

    /** The run's configured epochs, or null for a directory without a config (an older version's). */
    private static Integer configuredEpochs(RunDirectory directory) {
        Path file = directory.root().resolve("config.yaml");
        return Files.exists(file)
                ? new ConfigLoader().load(file, List.of()).training().epochs()
                : null;
    }

    /**
     * Writes {@code results.md}, {@code results.csv} and {@code results.json}; {@code results.md}
     * lists the cells still missing, if any, and the cells that failed with their errors.
     *
     * @param baseline the loss label the tables compare with, or {@code null}
     */
    public static Summary writeResults(
            RunDirectory directory, String title, List<CellResult> results, List<String> missing, String baseline) {
        ResultsTable table = ResultsTable.of(results, baseline);
        StringBuilder md = new StringBuilder("# " + title + "\n\n" + table.markdown());
        List<CellResult> failed = results.stream()
                .filter(r -> CellResult.FAILED.equals(r.status()))
                .toList();
        if (!failed.isEmpty()) {
            md.append('\n');
            failed.forEach(r -> md.append("Failed: ")
                    .append(r.cellId())
                    .append(": ")
                    .append(r.message())
                    .append('\n'));
        }
        if (!missing.isEmpty()) {
            md.append("\nMissing (no result yet, ")
                    .append(missing.size())
                    .append(" cell(s)): ")
                    .append(String.join(", ", missing))
                    .append('\n');
        }
        RunDirectory.writeAtomically(directory.root().resolve("results.md"), md.toString());
        RunDirectory.writeAtomically(directory.root().resolve("results.csv"), table.csv());
        RunDirectory.writeAtomically(directory.root().resolve("results.json"), table.json());
        return new Summary(directory.root(), results, table, missing);
    }

    /** A cell's freshly built network, loss and sampler. */
    private record Components(Block embedder, MetricLoss loss, BatchSampler sampler) {}

    /** Builds a cell's parts; no arrays are allocated until training initialises them. */
    private Components build(ExperimentConfig config, DatasetSplits data, CellPlan plan) {
        BackboneFactory bf = registries.backbones().get(plan.backbone().name(), "backbone");
        LossFactory lf = registries.losses().get(plan.loss().name(), "loss");
        Block embedder = EmbeddingModel.builder()
                .backbone(bf.create(plan.backboneParams(), data.train().shape()))
                .embeddingDim(config.embedding().dim())
                .batchNorm(config.embedding().batchNorm())
                .normalize(plan.loss().normalizesEmbedding(config.embedding().normalize()))
                .pooling(config.embedding().poolingMode())
                .build();
        MetricLoss loss = lf.create(
                plan.lossParams(),
                new LossFactory.LossShape(
                        data.train().classes(), config.embedding().dim()));
        BatchSampler sampler = registries
                .samplers()
                .get(config.training().sampler(), "training.sampler")
                .create(
                        data.train().labels(),
                        config.training().batchSize(),
                        config.training().samplesPerClass());
        return new Components(embedder, loss, sampler);
    }

    private CellResult runCell(Prepared prepared, CellPlan plan, Path cellDir, TrainingListener progress) {
        ExperimentConfig config = prepared.config();
        Path metricsFile = cellDir.resolve("metrics.jsonl");
        Path checkpoint = cellDir.resolve(CHECKPOINT);
        // Under the cell's lock no writer of these files runs: a temporary file is a killed one's.
        for (String file : List.of(CHECKPOINT, RESULT, "metrics.jsonl")) {
            io.dsml.core.files.AtomicFile.removeStaleTemporaries(cellDir.resolve(file));
        }
        int epochsDone = Files.exists(checkpoint) ? Checkpoint.peek(checkpoint).epochsDone() : 0;
        keepFirstLines(metricsFile, epochsDone);
        List<TrainingListener> listeners = new ArrayList<>();
        listeners.add(new MetricsJsonlListener(metricsFile));
        if (progress != null) {
            listeners.add(progress);
        }
        io.dsml.core.export.ModelDescription model =
                io.dsml.core.export.ModelExport.describe(config, plan, prepared.data());
        String dataset = config.dataset().name() + "/" + config.dataset().split();
        String testSource = dataset + "/test";
        String validationKey = "val_" + config.evaluation().selectMetric();
        // With model selection the model is saved at the selected epoch, else at the end.
        listeners.add(
                config.evaluation().selects()
                        ? new SelectedEpochExport(cellDir, model, validationKey, metricsFile, testSource, warnings)
                        : io.dsml.core.export.ModelExport.listener(cellDir, model));
        Cell cell = newCell(prepared, plan, listeners, checkpoint);
        try {
            TrainingOutcome outcome = trainWithinLimits(cell, plan);
            if (!config.evaluation().selects()) {
                saveTestEmbeddings(cellDir, outcome, testSource);
            }
            java.util.Map<String, Double> metrics = config.evaluation().selects()
                    ? ModelSelection.select(metricsFile, validationKey, outcome.finalMetrics())
                    : outcome.finalMetrics();
            return new CellResult(
                    plan.id(),
                    dataset,
                    plan.backbone().displayName(),
                    plan.loss().displayName(),
                    plan.seed(),
                    CellResult.OK,
                    "",
                    config.training().epochs(),
                    outcome.trainSeconds(),
                    metrics);
        } catch (DivergenceException e) {
            return new CellResult(
                    plan.id(),
                    dataset,
                    plan.backbone().displayName(),
                    plan.loss().displayName(),
                    plan.seed(),
                    CellResult.DIVERGED,
                    e.getMessage(),
                    0,
                    0,
                    null);
        }
    }

    /** Trains; a size the engine cannot allocate is an input error naming the settings to change. */
    private TrainingOutcome trainWithinLimits(Cell cell, CellPlan plan) {
        try {
            return new MetricTrainer(cancellation).train(cell);
        } catch (ai.djl.engine.EngineException | OutOfMemoryError e) {
            throw io.dsml.core.error.EngineFailure.explain(
                    "cell " + plan.id(), e, "reduce training.batch_size, embedding.dim or the image size");
        }
    }

    /**
     * Builds one cell exactly as {@link #run} does, so that tools which train a cell themselves
     * (the training benchmark) measure what users run.
     *
     * @param listeners listeners besides the class-state refresh, which the trainer adds itself
     * @param checkpoint the cell's checkpoint file, or {@code null} for none
     */
    public Cell newCell(Prepared prepared, CellPlan plan, List<TrainingListener> listeners, Path checkpoint) {
        ExperimentConfig config = prepared.config();
        DatasetSplits data = prepared.data();
        Components parts = build(config, data, plan);
        return new Cell(
                parts.embedder(),
                parts.loss(),
                data,
                parts.sampler(),
                config.training(),
                config.evaluation(),
                data.sharedClasses(),
                plan.seed(),
                listeners,
                checkpoint,
                prepared.validation(),
                ConfigFingerprint.of(config),
                plan.id());
    }

    /** The final test embeddings, for plots and for re-evaluation with {@code dsml evaluate}. */
    private static void saveTestEmbeddings(Path cellDir, TrainingOutcome outcome, String source) {
        EmbeddingSet set = outcome.testEmbeddings();
        if (set != null) {
            TestEmbeddingsFiles.write(cellDir, set, outcome.testLogits(), outcome.classes(), source);
        }
    }

    /**
     * On resume, the log keeps the epochs the checkpoint covers; lines after it are redone. A
     * damaged kept line is an error naming the line: continuing would build on a broken record.
     */
    private static void keepFirstLines(Path file, int lines) {
        if (!Files.exists(file)) {
            return;
        }
        List<String> kept;
        try {
            kept = Files.readAllLines(file).stream().limit(lines).toList();
        } catch (IOException e) {
            throw new DsmlException(file + ": cannot read the metrics log: " + io.dsml.core.files.IoFailure.reason(e));
        }
        for (int n = 0; n < kept.size(); n++) {
            if (!isEpochRecord(kept.get(n), n + 1)) {
                throw new DsmlException(file + " line " + (n + 1) + ": not the record of epoch " + (n + 1)
                        + " (the log was damaged); repair or delete that line, then resume again");
            }
        }
        RunDirectory.writeAtomically(file, kept.isEmpty() ? "" : String.join("\n", kept) + "\n");
    }

    private static boolean isEpochRecord(String line, int epoch) {
        try {
            com.fasterxml.jackson.databind.JsonNode record = JSON.readTree(line);
            return record != null && record.isObject() && record.path("epoch").asInt(-1) == epoch;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return false;
        }
    }

    private static void write(Path file, CellResult result) {
        try {
            RunDirectory.writeAtomically(file, JSON.writeValueAsString(result));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static CellResult readResult(Path file) {
        try {
            return JSON.readValue(file.toFile(), CellResult.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new DsmlException(file + ": not a cell result (" + io.dsml.core.config.JacksonMessages.syntax(e)
                    + "); delete it to train the cell again");
        } catch (IOException e) {
            throw new DsmlException(file + ": unreadable cell result: " + io.dsml.core.files.IoFailure.reason(e));
        }
    }
}
