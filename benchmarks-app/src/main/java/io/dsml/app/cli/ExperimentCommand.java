package io.dsml.app.cli;

import io.dsml.app.grid.GridBackend;
import io.dsml.app.inject.AppInjector;
import io.dsml.app.report.RunPlots;
import io.dsml.app.report.RunReport;
import io.dsml.core.config.CellPlan;
import io.dsml.core.config.ConfigLoader;
import io.dsml.core.config.ExperimentConfig;
import io.dsml.core.engine.EngineSelection;
import io.dsml.core.error.DsmlException;
import io.dsml.core.files.RunLock;
import io.dsml.core.run.CellResult;
import io.dsml.core.run.CellSelection;
import io.dsml.core.run.ExperimentRunner;
import io.dsml.core.run.ResultsTable;
import io.dsml.core.run.RunDirectory;
import io.dsml.core.train.TrainingStoppedException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/** Runs one experiment config end to end and prints its table; shared by train and reproduce. */
final class ExperimentCommand {
    private ExperimentCommand() {}

    /**
     * @param fresh the config to use for a new run; a resumed run uses its own {@code config.yaml},
     *     so it continues with exactly the settings it started with (only {@code training.epochs}
     *     may be raised, to train longer, and {@code training.devices} changed: a checkpoint holds
     *     one copy of the state whatever the number of devices)
     * @param source how to name the fresh config in messages (its file or resource)
     * @param expectedName the experiment the user named, checked against a resumed run's, or null
     * @param command the command that runs it: where it prints, what cancels its training
     */
    static int run(
            Supplier<ExperimentConfig> fresh,
            String source,
            String expectedName,
            RunOptions options,
            picocli.CommandLine.Model.CommandSpec command) {
        PrintStream out = Console.out(command);
        PrintStream err = Console.err(command);
        CellSelection selection = options.selection();
        java.util.Map<String, String> sparkSettings = options.sparkSettings();
        ExperimentConfig config = options.resume == null ? fresh.get() : resumedConfig(expectedName, options);
        if (options.baseline != null) {
            config = config.withBaseline(options.baseline);
        }
        if (options.resume == null && options.dataDir != null) {
            // recorded in config.yaml and model.json, so that report and embed find the data again;
            // a resumed run keeps its recorded config (--data-dir then only says where the data is now)
            config = config.withDataDir(options.dataDir);
        }
        String configSource =
                options.resume == null ? source : options.resume.resolve(CONFIG).toString();
        // the run's config.yaml records the engine it ran on: a resume, or a Spark executor,
        // runs on it too unless --engine says otherwise
        config = config.withEngine(
                EngineSelection.forExperiment(config.engine(), configSource).key());
        ExperimentRunner runner = AppInjector.create().getInstance(ExperimentRunner.class);
        runner = runner.warningsTo(warning -> err.println("dsml: warning: " + warning))
                .cancelledBy(CommandContext.cancellation(command));
        List<CellPlan> cells;
        try {
            cells = runner.validate(config);
        } catch (DsmlException e) {
            // names, hyperparameters, cells: all come from the config file, so name it
            throw new DsmlException(configSource + ": " + e.getMessage(), e);
        }
        warnAboutRandomInitialisation(cells, err);
        ExperimentRunner.Prepared prepared = runner.prepare(config, options.dataDir);
        runner.notApplicableMetrics(prepared).forEach(line -> err.println("dsml: warning: " + line));
        GridBackend backend = options.spark == null ? null : GridBackend.find();
        if (backend != null) {
            backend.check(options.spark, sparkSettings);
        }
        boolean created = options.resume == null && (options.runDir == null || !Files.exists(options.runDir));
        RunDirectory directory = options.resume != null
                ? RunDirectory.existing(options.resume)
                : options.runDir != null
                        ? RunDirectory.shared(options.runDir)
                        : RunDirectory.create(options.runsDir, config.name());
        try {
            return runIn(directory, config, options, prepared, runner, selection, backend, out);
        } catch (RuntimeException e) {
            if (created && !(e.getCause() instanceof TrainingStoppedException)) { // a stop is resumed there
                discardIfAlone(directory);
            }
            throw e;
        }
    }

    /**
     * A run directory this process created for a start that failed goes, unless a cell holds a
     * checkpoint or a result, or another process (a share) uses it meanwhile.
     */
    private static void discardIfAlone(RunDirectory directory) {
        try (RunLock alone = RunLock.acquire(directory.root())) {
            directory.discardIfNothingToResume();
        } catch (DsmlException inUse) {
            // another process shares it: its files are not ours to remove
        }
    }

    private static int runIn(
            RunDirectory directory,
            ExperimentConfig config,
            RunOptions options,
            ExperimentRunner.Prepared prepared,
            ExperimentRunner runner,
            CellSelection selection,
            GridBackend backend,
            PrintStream out) {
        prepared = prepared.inDirectory(directory); // an older run keeps its cells' ids
        List<CellPlan> mine = selection.select(prepared.cells());
        // One process owns a run directory, unless it is shared on purpose (job-array shares, a
        // Spark job's executors): those share its lock and lock each cell on its own.
        boolean shared = options.runDir != null || backend != null || !selection.all();
        try (RunLock lock = shared ? RunLock.acquireShared(directory.root()) : RunLock.acquire(directory.root())) {
            if (!options.quiet) {
                out.printf(
                        "%s: %d of %d cell(s) (%s) on %s, engine %s -> %s%n",
                        config.name(),
                        mine.size(),
                        prepared.cells().size(),
                        selection,
                        prepared.data().description(),
                        engineDescription(),
                        directory.root());
            }
            ExperimentRunner.Summary summary;
            try {
                summary = train(config, options, prepared, runner, selection, mine, backend, directory, out);
            } catch (TrainingStoppedException e) {
                throw new DsmlException(
                        e.getMessage() + "; continue with: dsml reproduce --resume " + directory.root(), e);
            }
            if (summary == null) {
                return 0; // a share whose grid is not complete yet
            }
            return printSummary(out, summary, config.name(), prepared);
        }
    }

    /** The engine that will train, with its native library's version, for the header line. */
    private static String engineDescription() {
        ai.djl.engine.Engine engine = ai.djl.engine.Engine.getInstance();
        return engine.getEngineName() + " " + engine.getVersion();
    }

    /** Trains this process's cells; the run's summary, or null for a share of an incomplete grid. */
    private static ExperimentRunner.Summary train(
            ExperimentConfig config,
            RunOptions options,
            ExperimentRunner.Prepared prepared,
            ExperimentRunner runner,
            CellSelection selection,
            List<CellPlan> mine,
            GridBackend backend,
            RunDirectory directory,
            PrintStream out) {
        if (backend != null) {
            return backend.run(
                    new GridBackend.Job(
                            config,
                            options.dataDir,
                            directory,
                            selection,
                            options.resume != null,
                            options.spark,
                            sparkSettings(options),
                            options.quiet),
                    prepared,
                    out);
        }
        if (selection.all() && options.runDir == null) {
            return runner.run(prepared, directory, options.quiet ? null : out);
        }
        ExperimentRunner.writeConfig(config, directory, options.resume != null);
        PrintStream progress = options.quiet ? null : out;
        ExperimentRunner.CellsRun run = runner.trainCells(prepared, directory, mine::contains, progress);
        List<CellResult> results = run.results();
        List<CellResult> finished = ExperimentRunner.finishedResults(
                directory, prepared.cells(), config.training().epochs());
        List<String> missing = ExperimentRunner.missingIds(prepared.cells(), finished);
        if (!selection.all() && !missing.isEmpty()) {
            partOnly(out, selection, directory, results, run.heldElsewhere(), missing);
            return null;
        }
        return ExperimentRunner.writeResults(
                directory, config.name(), finished, missing, config.evaluation().baseline());
    }

    private static java.util.Map<String, String> sparkSettings(RunOptions options) {
        return options.sparkSettings();
    }

    /**
     * A share finished while others have not: its own cells, no aggregated tables yet. Cells of
     * the share that another process holds are named: the share is not done with them.
     */
    private static void partOnly(
            PrintStream out,
            CellSelection selection,
            RunDirectory directory,
            List<CellResult> results,
            List<String> heldElsewhere,
            List<String> missing) {
        out.println();
        if (!results.isEmpty()) {
            out.print(ResultsTable.of(results).markdown());
            out.println();
        }
        String state = heldElsewhere.isEmpty()
                ? "done"
                : heldElsewhere.size() + " of its cell(s) held elsewhere (another process is training "
                        + String.join(", ", heldElsewhere) + "), not trained here";
        out.println(selection + ": " + state + "; " + missing.size() + " cell(s) of the grid have no result yet "
                + "(other shares or processes); when every share has finished: dsml report " + directory.root());
    }

    static int printSummary(
            PrintStream out, ExperimentRunner.Summary summary, String title, ExperimentRunner.Prepared prepared) {
        out.println();
        out.print(summary.table().markdown());
        out.println();
        summary.cells().stream()
                .filter(c -> CellResult.FAILED.equals(c.status()))
                .forEach(c -> out.println("failed: " + c.cellId() + ": " + c.message()));
        if (!summary.missing().isEmpty()) {
            out.println("missing (" + summary.missing().size() + " cell(s) without a result): "
                    + String.join(", ", summary.missing()));
        }
        RunPlots.write(summary.directory(), summary.cells());
        writeReport(title, summary, prepared);
        out.println("results: " + summary.directory().resolve("results.md") + " (plots in "
                + summary.directory().resolve("plots") + ", report "
                + summary.directory().resolve(RunReport.FILE)
                + ")");
        return 0;
    }

    /**
     * The HTML report of a finished run. A failure to write it fails the command (exit 2) with
     * one line: the run's results files are written, and {@code dsml report} retries the report.
     */
    private static void writeReport(
            String title, ExperimentRunner.Summary summary, ExperimentRunner.Prepared prepared) {
        try {
            RunReport.write(
                    summary.directory(),
                    title,
                    summary.cells(),
                    summary.table(),
                    prepared.data().test());
        } catch (RuntimeException e) {
            String why = e instanceof DsmlException
                    ? e.getMessage()
                    : summary.directory().resolve(RunReport.FILE) + ": not written (" + e + ")";
            throw new DsmlException(
                    why + "; the results are in "
                            + summary.directory().resolve("results.md") + "; retry the report with 'dsml report "
                            + summary.directory() + "'",
                    e);
        }
    }

    private static final String CONFIG = "config.yaml";

    /**
     * A backbone that can start from pretrained weights but was given none trains from random
     * initialisation, far from the protocols that start from ImageNet weights: say so once per
     * backbone, before the (long) run starts.
     */
    private static void warnAboutRandomInitialisation(List<CellPlan> cells, PrintStream err) {
        java.util.Set<String> warned = new java.util.HashSet<>();
        for (CellPlan plan : cells) {
            Object weights = plan.backboneParams().asMap().get("weights");
            String name = plan.backbone().displayName();
            if (weights != null && weights.toString().isBlank() && warned.add(name)) {
                err.println("dsml: warning: " + name + " has no pretrained weights and trains from random "
                        + "initialisation (results will be far below published ones); give them with --set "
                        + "backbones[N].params.weights=PATH");
            }
        }
    }

    private static ExperimentConfig resumedConfig(String expectedName, RunOptions options) {
        for (String override : options.overrides) {
            if (!override.startsWith("training.epochs=") && !override.startsWith("training.devices=")) {
                throw new DsmlException("--set " + override + ": a resumed run keeps the settings it started with "
                        + "(only training.epochs may be raised and training.devices changed); start a new run to "
                        + "change them");
            }
        }
        Path config = RunDirectory.existing(options.resume).root().resolve(CONFIG);
        ConfigLoader loader = new ConfigLoader();
        ExperimentConfig resumed = loader.load(config, options.overrides);
        if (expectedName != null && !expectedName.equals(resumed.name())) {
            throw new DsmlException(
                    "--resume " + options.resume + " is a run of '" + resumed.name() + "', not '" + expectedName + "'");
        }
        int planned = loader.load(config, List.of()).training().epochs();
        if (resumed.training().epochs() < planned) {
            // Cells already past the new count would keep their longer results: one table, two lengths.
            throw new DsmlException(
                    "--set training.epochs=" + resumed.training().epochs() + ": the run was started " + "with "
                            + planned + " epochs; a resumed run can only train longer (start a new run for fewer)");
        }
        if (resumed.training().epochs() > planned
                && resumed.training().schedule().name().equals("cosine")) {
            // The cosine curve spans the whole run: the epochs already trained followed another one.
            throw new DsmlException(
                    "--set training.epochs=" + resumed.training().epochs()
                            + ": the run's cosine learning-rate schedule spans its " + planned
                            + " epochs, so training longer would not match a run started with more; start a new run");
        }
        return resumed;
    }
}
