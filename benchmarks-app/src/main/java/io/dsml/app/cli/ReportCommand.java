package io.dsml.app.cli;

import io.dsml.app.inject.AppInjector;
import io.dsml.app.report.RunPlots;
import io.dsml.core.run.ExperimentRunner;
import io.dsml.core.run.RunDirectory;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code dsml report RUN_DIR}: rewrites a run's tables and plots from its finished cells. */
@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        description = "Rewrite results.{md,csv,json} and plots/ of a run directory from its finished cells "
                + "(e.g. for a run that was stopped before its last cell, or a grid trained in shares with --cells); "
                + "names the grid's cells that have no result yet.")
public final class ReportCommand implements Callable<Integer> {
    @Parameters(paramLabel = "RUN_DIR", description = "A run directory, runs/<experiment>/<timestamp>.")
    Path runDir;

    @Override
    public Integer call() {
        RunDirectory directory = RunDirectory.existing(runDir);
        ExperimentRunner runner = AppInjector.create().getInstance(ExperimentRunner.class);
        ExperimentRunner.Summary summary = runner.report(directory);
        RunPlots.write(summary.directory(), summary.cells());
        System.out.print(summary.table().markdown());
        System.out.println();
        System.out.println(summary.cells().size() + " finished cell(s); results: " + runDir.resolve("results.md"));
        if (!summary.missing().isEmpty()) {
            System.out.println("missing (" + summary.missing().size() + " cell(s) of the grid without a result): "
                    + String.join(", ", summary.missing()));
        }
        return 0;
    }
}
