package io.dsml.app.cli;

import io.dsml.app.inject.AppInjector;
import io.dsml.app.report.RunPlots;
import io.dsml.app.report.RunReport;
import io.dsml.core.config.ConfigLoader;
import io.dsml.core.config.ExperimentConfig;
import io.dsml.core.error.DsmlException;
import io.dsml.core.run.ExperimentRunner;
import io.dsml.core.run.RunDirectory;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.function.Supplier;

/** Runs one experiment config end to end and prints its table; shared by train and reproduce. */
final class ExperimentCommand {
    private ExperimentCommand() {}

    /**
     * @param fresh the config to use for a new run; a resumed run uses its own {@code config.yaml},
     *     so it continues with exactly the settings it started with (only {@code training.epochs}
     *     may be raised, to train longer, and {@code training.devices} changed: a checkpoint holds
     *     one copy of the state whatever the number of devices)
     * @param expectedName the experiment the user named, checked against a resumed run's, or null
     */
    static int run(Supplier<ExperimentConfig> fresh, String expectedName, RunOptions options, PrintStream out) {
        ExperimentConfig config = options.resume == null ? fresh.get() : resumedConfig(expectedName, options);
        if (options.baseline != null) {
            config = config.withBaseline(options.baseline);
        }
        ExperimentRunner runner = AppInjector.create().getInstance(ExperimentRunner.class);
        ExperimentRunner.Prepared prepared = runner.prepare(config, options.dataDir);
        runner.notApplicableMetrics(prepared).forEach(line -> System.err.println("dsml: warning: " + line));
        RunDirectory directory = options.resume != null
                ? RunDirectory.existing(options.resume)
                : RunDirectory.create(options.runsDir, config.name());
        if (!options.quiet) {
            out.printf(
                    "%s: %d cell(s) on %s -> %s%n",
                    config.name(), prepared.cells().size(), prepared.data().description(), directory.root());
        }
        ExperimentRunner.Summary summary = runner.run(prepared, directory, options.quiet ? null : out);
        out.println();
        out.print(summary.table().markdown());
        out.println();
        RunPlots.write(summary.directory(), summary.cells());
        writeReport(config.name(), summary, prepared);
        out.println("results: " + summary.directory().resolve("results.md") + " (plots in "
                + summary.directory().resolve("plots") + ", report "
                + summary.directory().resolve(RunReport.FILE)
                + ")");
        return 0;
    }

    /**
     * The HTML report of a finished run; a failure to write it is reported but does not turn a
     * finished run into a failed one (the results are already written; {@code dsml report} retries).
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
            System.err.println(
                    "dsml: report.html not written (" + e + "); retry with 'dsml report " + summary.directory() + "'");
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
        Path config = RunDirectory.existing(options.resume).root().resolve("config.yaml");
        ExperimentConfig resumed = new ConfigLoader().load(config, options.overrides);
        if (expectedName != null && !expectedName.equals(resumed.name())) {
            throw new DsmlException(
                    "--resume " + options.resume + " is a run of '" + resumed.name() + "', not '" + expectedName + "'");
        }
        return resumed;
    }
}
