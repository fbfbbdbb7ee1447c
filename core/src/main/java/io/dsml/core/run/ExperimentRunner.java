package io.dsml.core.run;

import com.google.inject.Inject;
import io.dsml.core.assemble.CellAssembler;
import io.dsml.core.config.CellPlan;
import io.dsml.core.config.ExperimentConfig;
import io.dsml.core.inject.Registries;
import io.dsml.core.spi.DatasetSplits;
import io.dsml.core.spi.LabeledImages;
import io.dsml.core.train.Cell;
import io.dsml.core.train.TrainingListener;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;

/**
 * Runs an experiment's grid (backbone x loss x seed) on one dataset. {@link #prepare} checks every
 * name and hyperparameter and loads the data before anything is written, so bad input fails
 * without leaving a run directory behind; {@link #run} then trains each cell, writes its result
 * atomically, skips cells already finished in a resumed run directory, and writes the aggregated
 * {@code results.md}, {@code results.csv} and {@code results.json}.
 *
 * <p>The coordinator of the run's parts: the {@link ExperimentPlanner} (config to validated
 * cells), the {@link CellAssembler} (a cell's network, loss and sampler), the {@link CellRunner}
 * (training cells under their locks), the {@link ResultsWriter} (aggregated tables) and the
 * {@link RunStore} (every file of the run directory).
 */
public final class ExperimentRunner {
    private final ExperimentPlanner planner;
    private final CellAssembler assembler;
    private final CellRunner cellRunner;
    private final Registries registries;
    private final java.util.function.Consumer<String> warnings;
    private final io.dsml.core.train.Cancellation cancellation;

    @Inject
    public ExperimentRunner(Registries registries) {
        this(
                new CellAssembler(registries),
                registries,
                warning -> System.err.println("dsml: warning: " + warning),
                new io.dsml.core.train.Cancellation());
    }

    private ExperimentRunner(
            CellAssembler assembler,
            Registries registries,
            java.util.function.Consumer<String> warnings,
            io.dsml.core.train.Cancellation cancellation) {
        this.assembler = assembler;
        this.planner = new ExperimentPlanner(registries, assembler);
        this.cellRunner = new CellRunner(assembler, warnings, cancellation);
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
        return new ExperimentRunner(assembler, registries, warnings, cancellation);
    }

    /**
     * This runner with its cells' training stopped cleanly (at a checkpoint) when {@code
     * cancellation} is requested; by default nothing cancels it.
     */
    public ExperimentRunner cancelledBy(io.dsml.core.train.Cancellation cancellation) {
        return new ExperimentRunner(assembler, registries, warnings, cancellation);
    }

    /**
     * A validated experiment with its data loaded.
     *
     * @param validation the held-out images of {@code evaluation.select_split}, or {@code null}
     * @param folds what each class-disjoint fold of {@code data}'s training classes trains,
     *     selects and is tested on ({@code evaluation.folds}), by fold; empty without folds
     */
    public record Prepared(
            ExperimentConfig config,
            DatasetSplits data,
            List<CellPlan> cells,
            LabeledImages validation,
            List<CellData> folds) {
        public Prepared {
            folds = List.copyOf(folds);
        }

        /** An experiment without model selection. */
        public Prepared(ExperimentConfig config, DatasetSplits data, List<CellPlan> cells) {
            this(config, data, cells, null, List.of());
        }

        /** An experiment without cross-validation. */
        public Prepared(ExperimentConfig config, DatasetSplits data, List<CellPlan> cells, LabeledImages validation) {
            this(config, data, cells, validation, List.of());
        }

        /**
         * The data {@code plan} trains, selects and is tested on: its fold's, for one fold of a
         * cross-validation; else the experiment's.
         */
        public CellData dataOf(CellPlan plan) {
            return plan.hasFold() ? folds.get(plan.fold()) : new CellData(data, validation);
        }

        /**
         * This experiment with its cells named as {@code directory} names them: an older run
         * directory keeps the longer ids it was written with (see {@link CellIds}).
         */
        public Prepared inDirectory(RunDirectory directory) {
            return new Prepared(config, data, CellIds.adopt(directory, cells), validation, folds);
        }
    }

    /**
     * What one cell trains and is measured on.
     *
     * @param validation the held-out images its epoch is chosen on, or {@code null}
     */
    public record CellData(DatasetSplits data, LabeledImages validation) {}

    /**
     * What a run produced.
     *
     * @param missing the ids of the grid's cells that have no result (yet), in grid order
     */
    public record Summary(Path directory, List<CellResult> cells, ResultsTable table, List<String> missing) {}

    /**
     * What {@link #trainCells} did.
     *
     * @param results the selected cells' results, finished before or now, in grid order
     * @param heldElsewhere the ids of selected cells skipped because another process trains them
     */
    public record CellsRun(List<CellResult> results, List<String> heldElsewhere) {}

    /** Validates names, hyperparameters and metrics, and loads the dataset. */
    public Prepared prepare(ExperimentConfig config, Path dataDirOverride) {
        return planner.prepare(config, dataDirOverride);
    }

    /**
     * Checks every name, hyperparameter, metric and the dataset's split and options, without
     * touching any file; returns the cells, seeds outermost.
     */
    public List<CellPlan> validate(ExperimentConfig config) {
        return planner.validate(config);
    }

    /**
     * The requested metrics that cannot apply to some cells, one line each, for a warning before
     * the run (their cells show no value): {@code accuracy} on a split whose test classes are not
     * training classes, and for a loss without a classifier. Never silently dropped.
     */
    public List<String> notApplicableMetrics(Prepared prepared) {
        return planner.notApplicableMetrics(prepared);
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
        return writeResults(directory, config, results, missingIds(prepared.cells(), results));
    }

    /**
     * Records the run's configuration as {@code config.yaml}, once for every process sharing the
     * run directory (see {@link RunStore#writeConfig}).
     *
     * @param replace whether a different existing file may be replaced (a resumed run that trains
     *     longer); otherwise a differing file is an error
     */
    public static void writeConfig(ExperimentConfig config, RunDirectory directory, boolean replace) {
        directory.store().writeConfig(config, replace);
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

    /** As {@link #runCells}, also naming the cells that another process was training. */
    public CellsRun trainCells(
            Prepared prepared, RunDirectory directory, Predicate<CellPlan> selected, PrintStream progress) {
        return cellRunner.trainCells(prepared, directory, selected, progress);
    }

    /**
     * Builds one cell exactly as {@link #run} does, so that tools which train a cell themselves
     * (the training benchmark) measure what users run.
     *
     * @param listeners listeners besides the class-state refresh, which the trainer adds itself
     * @param checkpoint the cell's checkpoint file, or {@code null} for none
     */
    public Cell newCell(Prepared prepared, CellPlan plan, List<TrainingListener> listeners, Path checkpoint) {
        return cellRunner.newCell(prepared, plan, listeners, checkpoint);
    }

    /** The ids of {@code grid}'s cells that have no result in {@code results}, in grid order. */
    public static List<String> missingIds(List<CellPlan> grid, List<CellResult> results) {
        return ResultsWriter.missingIds(grid, results);
    }

    /**
     * The results of {@code grid}'s cells finished in {@code directory}, in grid order; a cell
     * still being trained longer (resumed with more epochs) is not finished.
     */
    public static List<CellResult> finishedResults(RunDirectory directory, List<CellPlan> grid, int epochs) {
        return directory.store().finishedResults(grid, epochs);
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
        return ResultsWriter.reportGrid(directory, baseline, planner);
    }

    /**
     * Writes the results files of a run of {@code config}: titled with its name, compared with its
     * {@code evaluation.baseline}, and with the folds' concatenated evaluation when it
     * cross-validates (see {@link #writeResults(RunDirectory, String, List, List, String)}).
     */
    public static Summary writeResults(
            RunDirectory directory, ExperimentConfig config, List<CellResult> results, List<String> missing) {
        return ResultsWriter.write(
                directory,
                config.name(),
                results,
                missing,
                config.evaluation().baseline(),
                ConcatenatedFolds.of(directory, config.evaluation(), results));
    }

    /**
     * The concatenated evaluation of the complete fold groups among {@code results} of a run of
     * {@code config} in {@code directory} (see {@code evaluation.folds}); empty when it does not
     * cross-validate.
     */
    public static List<CellResult> concatenatedResults(
            RunDirectory directory, ExperimentConfig config, List<CellResult> results) {
        return ConcatenatedFolds.of(directory, config.evaluation(), results);
    }

    /**
     * Writes the results files of cells gathered from several runs (e.g. each loss's own run of a
     * tuned comparison), with the folds' concatenated evaluation of each run, when there is one,
     * as a second table.
     */
    public static Summary writeResults(
            RunDirectory directory,
            String title,
            List<CellResult> results,
            List<String> missing,
            String baseline,
            List<CellResult> concatenated) {
        return ResultsWriter.write(directory, title, results, missing, baseline, concatenated);
    }

    /**
     * Writes {@code results.md}, {@code results.csv} and {@code results.json}; {@code results.md}
     * lists the cells still missing, if any, and the cells that failed with their errors.
     *
     * @param baseline the loss label the tables compare with, or {@code null}
     */
    public static Summary writeResults(
            RunDirectory directory, String title, List<CellResult> results, List<String> missing, String baseline) {
        return ResultsWriter.write(directory, title, results, missing, baseline);
    }
}
