package io.dsml.app.cli;

import io.dsml.app.inject.AppInjector;
import io.dsml.core.config.ExperimentConfig;
import io.dsml.core.run.ExperimentRunner;
import io.dsml.core.run.RunDirectory;
import java.io.PrintStream;

/** Runs one experiment config end to end and prints its table; shared by train and reproduce. */
final class ExperimentCommand {
    private ExperimentCommand() {}

    static int run(ExperimentConfig config, RunOptions options, PrintStream out) {
        ExperimentRunner runner = AppInjector.create().getInstance(ExperimentRunner.class);
        ExperimentRunner.Prepared prepared = runner.prepare(config, options.dataDir);
        RunDirectory directory = options.resume != null
                ? RunDirectory.existing(options.resume)
                : RunDirectory.create(options.runsDir, config.name());
        if (!options.quiet) {
            out.printf("%s: %d cell(s) on %s -> %s%n", config.name(), prepared.cells().size(),
                    prepared.data().description(), directory.root());
        }
        ExperimentRunner.Summary summary = runner.run(prepared, directory, options.quiet ? null : out);
        out.println();
        out.print(summary.table().markdown());
        out.println();
        out.println("results: " + summary.directory().resolve("results.md"));
        return 0;
    }
}
