package io.dsml.app.cli;

import io.dsml.app.report.RunPlots;
import io.dsml.app.report.RunReport;
import io.dsml.core.files.RunLock;
import io.dsml.core.run.ExperimentRunner;
import io.dsml.core.run.RunDirectory;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dsml report RUN_DIR}: rewrites a run's tables and plots from its finished cells. */
@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        description =
                "Rewrite results.{md,csv,json}, plots/ and report.html of a run directory from its finished cells "
                        + "(e.g. for a run that was stopped before its last cell).")
public final class ReportCommand implements Callable<Integer> {
    @Parameters(paramLabel = "RUN_DIR", description = "A run directory, runs/<experiment>/<timestamp>.")
    Path runDir;

    @Option(
            names = "--baseline",
            paramLabel = "LOSS",
            description = "Compare every loss with this one (difference, 95% CI, t-test p-value per metric); "
                    + "default: the run's evaluation.baseline.")
    String baseline;

    @Override
    public Integer call() {
        RunDirectory directory = RunDirectory.existing(runDir);
        String title =
                runDir.toAbsolutePath().normalize().getParent().getFileName().toString();
        ExperimentRunner.Summary summary;
        try (RunLock lock = RunLock.acquire(directory.root())) { // not while a run writes its cells
            summary = ExperimentRunner.report(
                    directory, title, baseline != null ? baseline : ExperimentRunner.baselineOf(directory));
            RunPlots.write(summary.directory(), summary.cells());
            RunReport.write(summary.directory(), title, summary.cells(), summary.table(), null);
        }
        System.out.print(summary.table().markdown());
        System.out.println();
        System.out.println(summary.cells().size() + " finished cell(s); results: " + runDir.resolve("results.md")
                + ", report: " + runDir.resolve(RunReport.FILE));
        return 0;
    }
}
