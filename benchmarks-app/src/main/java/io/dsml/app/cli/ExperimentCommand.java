package io.dsml.app.cli;

import io.dsml.app.grid.GridBackend;
import io.dsml.app.inject.AppInjector;
import io.dsml.app.report.RunPlots;
import io.dsml.core.config.ConfigLoader;
import io.dsml.core.config.ExperimentConfig;
import io.dsml.core.error.DsmlException;
import io.dsml.core.run.CellResult;
import io.dsml.core.run.CellSelection;
import io.dsml.core.run.ExperimentRunner;
import io.dsml.core.run.ResultsTable;
import io.dsml.core.run.RunDirectory;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/** Runs one experiment config end to end and prints its table; shared by train and reproduce. */
final class ExperimentCommand {
    private ExperimentCommand() {}

    /**
     * @param fresh the config to use for a new run; a resumed run uses its own {@code config.yaml},
     *     so it continues with exactly the settings it started with (only {@code training.epochs}
     *     may be raised, to train longer)
     * @param expectedName the experiment the user named, checked against a resumed run's, or null
     */
    static int run(Supplier<ExperimentConfig> fresh, String expectedName, RunOptions options, PrintStream out) {
        CellSelection selection = options.selection();
        java.util.Map<String, String> sparkSettings = options.sparkSettings();
        ExperimentConfig config = options.resume == null ? fresh.get() : resumedConfig(expectedName, options);
        ExperimentRunner runner = AppInjector.create().getInstance(ExperimentRunner.class);
        ExperimentRunner.Prepared prepared = runner.prepare(config, options.dataDir);
        List<ExperimentRunner.CellPlan> mine = selection.select(prepared.cells());
        GridBackend backend = options.spark == null ? null : GridBackend.find();
        if (backend != null) {
            backend.check(options.spark, sparkSettings);
        }
        RunDirectory directory = options.resume != null
                ? RunDirectory.existing(options.resume)
                : options.runDir != null
                        ? RunDirectory.shared(options.runDir)
                        : RunDirectory.create(options.runsDir, config.name());
        if (!options.quiet) {
            out.printf(
                    "%s: %d of %d cell(s) (%s) on %s -> %s%n",
                    config.name(),
                    mine.size(),
                    prepared.cells().size(),
                    selection,
                    prepared.data().description(),
                    directory.root());
        }
        ExperimentRunner.Summary summary;
        if (backend != null) {
            summary = backend.run(
                    new GridBackend.Job(
                            config,
                            options.dataDir,
                            directory,
                            selection,
                            options.resume != null,
                            options.spark,
                            sparkSettings,
                            options.quiet),
                    prepared,
                    out);
        } else {
            ExperimentRunner.writeConfig(config, directory, options.resume != null);
            PrintStream progress = options.quiet ? null : out;
            List<CellResult> results = runner.runCells(prepared, directory, mine::contains, progress);
            List<CellResult> finished = ExperimentRunner.finishedResults(directory, prepared.cells());
            List<String> missing = ExperimentRunner.missingIds(prepared.cells(), finished);
            if (!selection.all() && !missing.isEmpty()) {
                return partOnly(out, selection, directory, results, missing);
            }
            summary = ExperimentRunner.writeResults(directory, config.name(), finished, missing);
        }
        return printSummary(out, summary);
    }

    /** A share finished while others have not: its own cells, no aggregated tables yet. */
    private static int partOnly(
            PrintStream out,
            CellSelection selection,
            RunDirectory directory,
            List<CellResult> results,
            List<String> missing) {
        out.println();
        if (!results.isEmpty()) {
            out.print(ResultsTable.of(results).markdown());
            out.println();
        }
        out.println(selection + ": done; " + missing.size() + " cell(s) of the grid have no result yet (other "
                + "shares); when every share has finished: dsml report " + directory.root());
        return 0;
    }

    static int printSummary(PrintStream out, ExperimentRunner.Summary summary) {
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
        out.println("results: " + summary.directory().resolve("results.md") + " (plots in "
                + summary.directory().resolve("plots") + ")");
        return 0;
    }

    private static ExperimentConfig resumedConfig(String expectedName, RunOptions options) {
        for (String override : options.overrides) {
            if (!override.startsWith("training.epochs=")) {
                throw new DsmlException("--set " + override + ": a resumed run keeps the settings it started with "
                        + "(only training.epochs may be raised); start a new run to change them");
            }
        }
        Path config = RunDirectory.existing(options.resume).root().resolve("config.yaml");
        ExperimentConfig resumed = new ConfigLoader().load(config, options.overrides);
        if (expectedName != null && !expectedName.equals(resumed.name())) {
            throw new DsmlException(
                    "--resume " + options.resume + " is a run of '" + resumed.name() + "', not '" + expectedName + "'");
        }
        return resumed;
    }
}
