package io.dsml.app.cli;

import io.dsml.app.inject.AppInjector;
import io.dsml.app.report.RunPlots;
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
     *     may be raised, to train longer)
     * @param expectedName the experiment the user named, checked against a resumed run's, or null
     */
    static int run(Supplier<ExperimentConfig> fresh, String expectedName, RunOptions options, PrintStream out) {
        ExperimentConfig config = options.resume == null ? fresh.get() : resumedConfig(expectedName, options);
        if (options.baseline != null) {
            config = config.withBaseline(options.baseline);
        }
        ExperimentRunner runner = AppInjector.create().getInstance(ExperimentRunner.class);
        ExperimentRunner.Prepared prepared = runner.prepare(config, options.dataDir);
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
