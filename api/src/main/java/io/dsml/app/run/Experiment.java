package io.dsml.app.run;

import com.google.inject.Inject;
import io.dsml.app.grid.GridBackend;
import io.dsml.app.grid.GridBackends;
import io.dsml.app.inject.AppInjector;
import io.dsml.app.report.RunPlots;
import io.dsml.app.report.RunReport;
import io.dsml.core.config.CellPlan;
import io.dsml.core.config.ExperimentConfig;
import io.dsml.core.engine.NativeLibraries;
import io.dsml.core.error.DsmlException;
import io.dsml.core.files.RunLock;
import io.dsml.core.inject.Registries;
import io.dsml.core.run.CellResult;
import io.dsml.core.run.CellSelection;
import io.dsml.core.run.ExperimentRunner;
import io.dsml.core.run.ResultsTable;
import io.dsml.core.run.RunDirectory;
import io.dsml.core.run.RunStore;
import io.dsml.core.train.Cancellation;
import io.dsml.core.train.TrainingStoppedException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Runs an experiment the way {@code dsml train} and {@code dsml reproduce} do: validates and
 * prepares it, takes the run directory's lock (shared by the processes of a grid trained in
 * shares or on a grid backend), trains this process's share of the cells here or on a grid
 * backend, then aggregates the results and writes {@code results.md}/csv/json, the plots and the
 * HTML report. The command line, a cluster's driver and a Java user call this one protocol.
 *
 * <pre>{@code
 * ExperimentConfig config = new ConfigLoader().load(Path.of("experiment.yaml"), List.of());
 * Optional<ExperimentRunner.Summary> done = Experiment.run(config, Experiment.Options.newRun(Path.of("runs")));
 * }</pre>
 */
public final class Experiment {
    private final ExperimentRunner runner;
    private final GridBackends backends;
    private final Registries registries;

    @Inject
    public Experiment(ExperimentRunner runner, GridBackends backends, Registries registries) {
        this.runner = runner;
        this.backends = backends;
        this.registries = registries;
    }

    /**
     * How and where to run.
     *
     * @param source how to name the config in messages (its file or resource)
     * @param runsDir where a new run directory is created ({@code runsDir/<name>/<timestamp>})
     * @param runDir exactly this run directory, created if missing and shared with other
     *     processes (shares of a grid), or {@code null}
     * @param resume an existing run directory this run continues, or {@code null}
     * @param dataDir where the dataset's files are, or {@code null} for the config's
     * @param selection the cells this process trains ({@link CellSelection#ALL} for all); a part
     *     needs {@code runDir} or {@code resume}
     * @param gridBackend the registered grid backend that trains the cells (e.g. {@link
     *     GridBackends#SPARK}), or {@code null} to train them in this process
     * @param master where the backend runs (e.g. {@code local[2]}); empty: its own configuration
     * @param backendSettings the backend's settings
     * @param quiet whether to print only the final table
     * @param tablesOnly whether to write the results tables only, without the plots and the HTML
     *     report (a tuning trial's run, which nobody reads as a report)
     */
    public record Options(
            String source,
            Path runsDir,
            Path runDir,
            Path resume,
            Path dataDir,
            CellSelection selection,
            String gridBackend,
            String master,
            Map<String, String> backendSettings,
            boolean quiet,
            boolean tablesOnly) {
        /** Options that write the plots and the report. */
        public Options(
                String source,
                Path runsDir,
                Path runDir,
                Path resume,
                Path dataDir,
                CellSelection selection,
                String gridBackend,
                String master,
                Map<String, String> backendSettings,
                boolean quiet) {
            this(
                    source,
                    runsDir,
                    runDir,
                    resume,
                    dataDir,
                    selection,
                    gridBackend,
                    master,
                    backendSettings,
                    quiet,
                    false);
        }

        public Options {
            selection = selection == null ? CellSelection.ALL : selection;
            backendSettings = backendSettings == null ? Map.of() : Map.copyOf(backendSettings);
        }

        /** A new run of every cell in this process, in a fresh directory under {@code runsDir}. */
        public static Options newRun(Path runsDir) {
            return new Options(
                    "the experiment", runsDir, null, null, null, CellSelection.ALL, null, "", Map.of(), false);
        }

        /** These options with the dataset's files in {@code dataDir}. */
        public Options withDataDir(Path dataDir) {
            return copy(runDir, resume, dataDir, tablesOnly);
        }

        /** These options in exactly {@code runDir} (new or shared), writing only the results tables. */
        public Options trialIn(Path runDir) {
            return copy(runDir, null, dataDir, true);
        }

        /** These options in exactly {@code runDir} (new or shared). */
        public Options in(Path runDir) {
            return copy(runDir, null, dataDir, false);
        }

        private Options copy(Path runDir, Path resume, Path dataDir, boolean tablesOnly) {
            return new Options(
                    source,
                    runsDir,
                    runDir,
                    resume,
                    dataDir,
                    selection,
                    gridBackend,
                    master,
                    backendSettings,
                    quiet,
                    tablesOnly);
        }
    }

    /** Runs {@code config} with dsml assembled from the class path, printing to {@code System.out}. */
    public static Optional<ExperimentRunner.Summary> run(ExperimentConfig config, Options options) {
        return AppInjector.create()
                .getInstance(Experiment.class)
                .run(config, options, System.out, warning -> System.err.println("dsml: warning: " + warning));
    }

    /**
     * Runs {@code config}.
     *
     * @param out where progress, tables and the results' location are printed
     * @param warnings told of what the user should know before a long run (one line each)
     * @return the run's summary; empty for a share of a grid whose other cells are not done yet
     * @throws DsmlException for bad input or a failed run, in one line
     */
    public Optional<ExperimentRunner.Summary> run(
            ExperimentConfig config, Options options, PrintStream out, Consumer<String> warnings) {
        return run(config, options, out, warnings, new Cancellation());
    }

    /**
     * Runs {@code config}, its training stopped cleanly (at a checkpoint, to resume from) when
     * {@code cancellation} is requested.
     *
     * @param out where progress, tables and the results' location are printed
     * @param warnings told of what the user should know (one line each), before and during the run
     * @return the run's summary; empty for a share of a grid whose other cells are not done yet
     * @throws DsmlException for bad input or a failed run, in one line
     */
    public Optional<ExperimentRunner.Summary> run(
            ExperimentConfig config,
            Options options,
            PrintStream out,
            Consumer<String> warnings,
            Cancellation cancellation) {
        // The Java API's entry point: before anything starts the engine (checking training.devices,
        // the header), or this JVM computes with other BLAS libraries than a dsml process and its
        // numbers differ.
        NativeLibraries.initialise();
        return new Experiment(runner.warningsTo(warnings).cancelledBy(cancellation), backends, registries)
                .runConfigured(config, options, out, warnings);
    }

    private Optional<ExperimentRunner.Summary> runConfigured(
            ExperimentConfig config, Options options, PrintStream out, Consumer<String> warnings) {
        List<CellPlan> cells;
        try {
            cells = runner.validate(config);
        } catch (DsmlException e) {
            // names, hyperparameters, cells: all come from the config file, so name it
            throw new DsmlException(options.source() + ": " + e.getMessage(), e);
        }
        warnAboutRandomInitialisation(cells, warnings);
        ExperimentRunner.Prepared prepared = runner.prepare(config, options.dataDir());
        runner.notApplicableMetrics(prepared).forEach(warnings);
        GridBackend backend = options.gridBackend() == null ? null : backends.grid(options.gridBackend());
        if (backend != null) {
            backend.check(options.master(), options.backendSettings());
        }
        boolean created = options.resume() == null && (options.runDir() == null || !Files.exists(options.runDir()));
        RunDirectory directory = options.resume() != null
                ? RunDirectory.existing(options.resume())
                : options.runDir() != null
                        ? RunDirectory.shared(options.runDir())
                        : RunDirectory.create(options.runsDir(), config.name());
        try {
            return Optional.ofNullable(runIn(directory, config, options, prepared, backend, out));
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

    private ExperimentRunner.Summary runIn(
            RunDirectory directory,
            ExperimentConfig config,
            Options options,
            ExperimentRunner.Prepared prepared,
            GridBackend backend,
            PrintStream out) {
        prepared = prepared.inDirectory(directory); // an older run keeps its cells' ids
        CellSelection selection = options.selection();
        List<CellPlan> mine = selection.select(prepared.cells());
        // One process owns a run directory, unless it is shared on purpose (job-array shares, a
        // Spark job's executors): those share its lock and lock each cell on its own.
        boolean shared = options.runDir() != null || backend != null || !selection.all();
        try (RunLock lock = shared ? RunLock.acquireShared(directory.root()) : RunLock.acquire(directory.root())) {
            if (!options.quiet()) {
                out.printf(
                        "%s: %d of %d cell(s) (%s) on %s, engine %s, %s -> %s%n",
                        config.name(),
                        mine.size(),
                        prepared.cells().size(),
                        selection,
                        prepared.data().description(),
                        engineDescription(),
                        io.dsml.core.engine.ThreadSettings.describe(),
                        directory.root());
            }
            ExperimentRunner.Summary summary;
            try {
                summary = train(config, options, prepared, mine, backend, directory, out);
            } catch (TrainingStoppedException e) {
                throw new DsmlException(
                        e.getMessage() + "; continue with: dsml reproduce --resume " + directory.root(), e);
            }
            if (summary == null) {
                return null; // a share whose grid is not complete yet
            }
            printSummary(out, summary, config.name(), prepared, options.tablesOnly());
            return summary;
        }
    }

    /** The engine that will train, with its native library's version, for the header line. */
    private static String engineDescription() {
        ai.djl.engine.Engine engine = ai.djl.engine.Engine.getInstance();
        return engine.getEngineName() + " " + engine.getVersion();
    }

    /** Trains this process's cells; the run's summary, or null for a share of an incomplete grid. */
    private ExperimentRunner.Summary train(
            ExperimentConfig config,
            Options options,
            ExperimentRunner.Prepared prepared,
            List<CellPlan> mine,
            GridBackend backend,
            RunDirectory directory,
            PrintStream out) {
        CellSelection selection = options.selection();
        if (backend != null) {
            return backend.run(
                    new GridBackend.Job(
                            config,
                            options.dataDir(),
                            directory,
                            selection,
                            options.resume() != null,
                            options.master(),
                            options.backendSettings(),
                            options.quiet()),
                    prepared,
                    out);
        }
        if (selection.all() && options.runDir() == null) {
            return runner.run(prepared, directory, options.quiet() ? null : out);
        }
        ExperimentRunner.writeConfig(config, directory, options.resume() != null);
        PrintStream progress = options.quiet() ? null : out;
        ExperimentRunner.CellsRun run = runner.trainCells(prepared, directory, mine::contains, progress);
        List<CellResult> results = run.results();
        List<CellResult> finished = ExperimentRunner.finishedResults(
                directory, prepared.cells(), config.training().epochs());
        List<String> missing = ExperimentRunner.missingIds(prepared.cells(), finished);
        if (!selection.all() && !missing.isEmpty()) {
            partOnly(out, selection, directory, results, run.heldElsewhere(), missing);
            return null;
        }
        return ExperimentRunner.writeResults(directory, config, finished, missing);
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

    private void printSummary(
            PrintStream out,
            ExperimentRunner.Summary summary,
            String title,
            ExperimentRunner.Prepared prepared,
            boolean tablesOnly) {
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
        if (tablesOnly) {
            out.println("results: " + RunStore.at(summary.directory()).resultsMarkdown());
            return;
        }
        RunPlots.write(summary.directory(), summary.cells());
        writeReport(title, summary, prepared);
        out.println("results: " + RunStore.at(summary.directory()).resultsMarkdown() + " (plots in "
                + summary.directory().resolve("plots") + ", report "
                + summary.directory().resolve(RunReport.FILE)
                + ")");
    }

    /**
     * The HTML report of a finished run. A failure to write it fails the run (exit 2 on the
     * command line) with one line: the run's results files are written, and {@code dsml report}
     * retries the report.
     */
    private void writeReport(String title, ExperimentRunner.Summary summary, ExperimentRunner.Prepared prepared) {
        try {
            RunReport.write(
                    summary.directory(),
                    title,
                    summary.cells(),
                    summary.table(),
                    prepared.data().test(),
                    registries);
        } catch (RuntimeException e) {
            String why = e instanceof DsmlException
                    ? e.getMessage()
                    : summary.directory().resolve(RunReport.FILE) + ": not written (" + e + ")";
            throw new DsmlException(
                    why + "; the results are in "
                            + RunStore.at(summary.directory()).resultsMarkdown()
                            + "; retry the report with 'dsml report "
                            + summary.directory() + "'",
                    e);
        }
    }

    /**
     * A backbone that can start from pretrained weights but was given none trains from random
     * initialisation, far from the protocols that start from ImageNet weights: say so once per
     * backbone, before the (long) run starts.
     */
    private static void warnAboutRandomInitialisation(List<CellPlan> cells, Consumer<String> warnings) {
        Set<String> warned = new HashSet<>();
        for (CellPlan plan : cells) {
            Object weights = plan.backboneParams().asMap().get("weights");
            String name = plan.backbone().displayName();
            if (weights != null && weights.toString().isBlank() && warned.add(name)) {
                warnings.accept(name + " has no pretrained weights and trains from random "
                        + "initialisation (results will be far below published ones); give them with --set "
                        + "backbones[N].params.weights=PATH");
            }
        }
    }
}
