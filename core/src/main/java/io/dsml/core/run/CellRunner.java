package io.dsml.core.run;

import ai.djl.engine.EngineException;
import io.dsml.core.assemble.CellAssembler;
import io.dsml.core.config.CellPlan;
import io.dsml.core.config.ExperimentConfig;
import io.dsml.core.error.EngineFailure;
import io.dsml.core.export.ModelDescription;
import io.dsml.core.export.ModelExport;
import io.dsml.core.train.Cell;
import io.dsml.core.train.Checkpoint;
import io.dsml.core.train.DivergenceException;
import io.dsml.core.train.MetricTrainer;
import io.dsml.core.train.TrainingListener;
import io.dsml.core.train.TrainingOutcome;
import io.dsml.evaluation.EmbeddingSet;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Trains the cells of a prepared experiment in a run directory, one at a time, each under its
 * {@link CellLock}: resumes a cell from its checkpoint (its metrics log cut to the epochs the
 * checkpoint covers), saves its model and test embeddings, and writes its result atomically.
 */
final class CellRunner {
    private final CellAssembler assembler;
    /** Told of what arises while cells train (e.g. a resumed cell whose selected epoch was never saved). */
    private final java.util.function.Consumer<String> warnings;
    /** Stops the cells' training cleanly, at a checkpoint. */
    private final io.dsml.core.train.Cancellation cancellation;

    CellRunner(
            CellAssembler assembler,
            java.util.function.Consumer<String> warnings,
            io.dsml.core.train.Cancellation cancellation) {
        this.assembler = assembler;
        this.warnings = warnings;
        this.cancellation = cancellation;
    }

    /**
     * Trains the selected cells that are not finished in {@code directory}: a cell that another
     * process is training is skipped, a cell finished meanwhile is read back.
     *
     * @param selected which cells of the grid to train
     * @param progress where to print per-epoch progress, or {@code null} for quiet
     */
    ExperimentRunner.CellsRun trainCells(
            ExperimentRunner.Prepared prepared,
            RunDirectory directory,
            Predicate<CellPlan> selected,
            PrintStream progress) {
        ExperimentConfig config = prepared.config();
        // Everything already in the directory is checked before anything is written.
        Map<String, CellResult> standing = RunContents.standingResults(config, directory, prepared.cells());
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
            CellFiles cell = directory.store().createCell(plan.id());
            try (CellLock lock = CellLock.tryAcquire(cell)) {
                if (lock == null) {
                    say(progress, label + ": another process is training it, skipped");
                    heldElsewhere.add(plan.id());
                    continue;
                }
                CellResult meanwhile = cell.hasResult() ? cell.readResult() : null;
                if (meanwhile != null && meanwhile.standsFor(config.training().epochs())) {
                    results.add(meanwhile); // finished by the process that held the lock before us
                    continue;
                }
                CellResult result = runCell(
                        prepared,
                        plan,
                        cell,
                        progress == null
                                ? null
                                : new ConsoleProgressListener(
                                        progress, label, config.training().epochs(), System.console() != null));
                cell.writeResult(result);
                results.add(result);
                if (CellResult.DIVERGED.equals(result.status())) {
                    say(
                            progress,
                            label + ": DIVERGED (" + result.message() + "); marked diverged in the table (--resume "
                                    + "does not retry it); the run goes on");
                }
            }
        }
        return new ExperimentRunner.CellsRun(results, heldElsewhere);
    }

    private static void say(PrintStream progress, String line) {
        if (progress != null) {
            progress.println(line);
        }
    }

    /** Trains one cell, under its lock, from its checkpoint if it has one. */
    private CellResult runCell(
            ExperimentRunner.Prepared prepared, CellPlan plan, CellFiles files, TrainingListener progress) {
        ExperimentConfig config = prepared.config();
        files.removeStaleTemporaries(); // under the cell's lock
        int epochsDone = Files.exists(files.checkpoint())
                ? Checkpoint.peek(files.checkpoint()).epochsDone()
                : 0;
        files.keepFirstMetricsLines(epochsDone);
        List<TrainingListener> listeners = new ArrayList<>();
        listeners.add(new MetricsJsonlListener(files.metrics()));
        if (config.evaluation().probesPerEpoch() > 1) {
            listeners.add(new ProbesJsonlListener(files.probes()));
        }
        if (progress != null) {
            listeners.add(progress);
        }
        ModelDescription model =
                ModelExport.describe(config, plan, prepared.dataOf(plan).data());
        String dataset = config.dataset().name() + "/" + config.dataset().split();
        String testSource = dataset + "/test";
        String validationKey = "val_" + config.evaluation().selectMetric();
        // With model selection the model is saved at the selected epoch, else at the end.
        listeners.add(
                config.evaluation().selects()
                        ? new SelectedEpochExport(
                                files.dir(), model, validationKey, files.metrics(), testSource, warnings)
                        : ModelExport.listener(files.dir(), model));
        Cell cell = newCell(prepared, plan, listeners, files.checkpoint());
        try {
            TrainingOutcome outcome = trainWithinLimits(cell, plan);
            if (!config.evaluation().selects()) {
                saveTestEmbeddings(files.dir(), outcome, testSource);
            }
            Map<String, Double> metrics = config.evaluation().selects()
                    ? ModelSelection.select(files.metrics(), validationKey, outcome.finalMetrics())
                    : outcome.finalMetrics();
            return result(config, plan, CellResult.OK, "", config.training().epochs(), outcome.trainSeconds(), metrics);
        } catch (DivergenceException e) {
            return result(config, plan, CellResult.DIVERGED, e.getMessage(), 0, 0, null);
        }
    }

    private static CellResult result(
            ExperimentConfig config,
            CellPlan plan,
            String status,
            String message,
            int epochs,
            double trainSeconds,
            Map<String, Double> metrics) {
        return new CellResult(
                plan.id(),
                config.dataset().name() + "/" + config.dataset().split(),
                plan.backbone().displayName(),
                plan.loss().displayName(),
                plan.seed(),
                status,
                message,
                epochs,
                trainSeconds,
                metrics,
                plan.hasFold() ? plan.fold() : null);
    }

    /** Builds one cell exactly as a run trains it. */
    Cell newCell(ExperimentRunner.Prepared prepared, CellPlan plan, List<TrainingListener> listeners, Path checkpoint) {
        ExperimentRunner.CellData data = prepared.dataOf(plan);
        return assembler.cell(prepared.config(), data.data(), data.validation(), plan, listeners, checkpoint);
    }

    /** Trains; a size the engine cannot allocate is an input error naming the settings to change. */
    private TrainingOutcome trainWithinLimits(Cell cell, CellPlan plan) {
        try {
            return new MetricTrainer(cancellation).train(cell);
        } catch (EngineException | OutOfMemoryError e) {
            throw EngineFailure.explain(
                    "cell " + plan.id(), e, "reduce training.batch_size, embedding.dim or the image size");
        }
    }

    /** The final test embeddings, for plots and for re-evaluation with {@code dsml evaluate}. */
    private static void saveTestEmbeddings(Path cellDir, TrainingOutcome outcome, String source) {
        EmbeddingSet set = outcome.testEmbeddings();
        if (set != null) {
            TestEmbeddingsFiles.write(cellDir, set, outcome.testLogits(), outcome.classes(), source);
        }
    }
}
