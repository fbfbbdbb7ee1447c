package io.dsml.app.cli;

import com.google.inject.Inject;
import io.dsml.app.report.RunPlots;
import io.dsml.app.report.RunReport;
import io.dsml.core.files.RunLock;
import io.dsml.core.run.ExperimentRunner;
import io.dsml.core.run.RunDirectory;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dsml report RUN_DIR}: rewrites a run's tables and plots from its finished cells. */
@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        description = "Rewrite results.{md,csv,json}, plots/ and report.html of a run directory from its finished "
                + "cells (e.g. for a run that was stopped before its last cell, or a grid trained in shares with "
                + "--cells); names the grid's cells that have no result yet.")
public final class ReportCommand extends ComponentsCommand implements Callable<Integer> {
    /** Prepares and trains the cells, from the command line's one injector. */
    @Inject
    ExperimentRunner runner;

    @Parameters(paramLabel = "RUN_DIR", description = "A run directory, runs/<experiment>/<timestamp>.")
    Path runDir;

    @Option(
            names = "--baseline",
            paramLabel = "LOSS",
            description = "Compare every loss with this one (difference, 95%% CI, t-test p-value per metric); "
                    + "default: the run's evaluation.baseline.")
    String baseline;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description = "Where the run's dataset is now, for the report's thumbnails (default: the data_dir "
                    + "the run recorded, then the usual search).")
    Path dataDir;

    @Override
    public Integer call() {
        PrintStream stdout = out();
        RunDirectory directory = RunDirectory.existingRun(runDir); // writes nothing into another directory
        String title =
                runDir.toAbsolutePath().normalize().getParent().getFileName().toString();
        ExperimentRunner.Summary summary;
        try (RunLock lock = RunLock.acquire(directory.root())) { // not while a run writes its cells
            summary = runner.reportGrid(directory, baseline);
            RunPlots.write(summary.directory(), summary.cells());
            RunReport.write(
                    summary.directory(),
                    title,
                    summary.cells(),
                    summary.table(),
                    null,
                    dataDir,
                    note -> err().println("dsml: warning: " + note),
                    registries);
        }
        stdout.print(summary.table().markdown());
        stdout.println();
        stdout.println(summary.cells().size() + " finished cell(s); results: "
                + directory.store().resultsMarkdown() + ", report: " + runDir.resolve(RunReport.FILE));
        if (!summary.missing().isEmpty()) {
            stdout.println("missing (" + summary.missing().size() + " cell(s) of the grid without a result): "
                    + String.join(", ", summary.missing()));
        }
        return 0;
    }
}
