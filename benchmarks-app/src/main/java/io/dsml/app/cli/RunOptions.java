package io.dsml.app.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Options shared by the commands that run experiments. */
public final class RunOptions {
    @Option(
            names = "--set",
            paramLabel = "KEY=VALUE",
            description = "Override a config value, e.g. training.epochs=5 or losses[0].params.kappa=20 (repeatable).")
    List<String> overrides = new ArrayList<>();

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description = "Where the dataset's files are (overrides the config).")
    Path dataDir;

    @Option(
            names = "--runs-dir",
            paramLabel = "DIR",
            defaultValue = "runs",
            description = "Where run directories are created (default: ${DEFAULT-VALUE}).")
    Path runsDir;

    @Option(
            names = "--resume",
            paramLabel = "RUN_DIR",
            description = "Continue a run directory: finished cells are skipped.")
    Path resume;

    @Option(
            names = "--baseline",
            paramLabel = "LOSS",
            description = "Compare every loss with this one (its label in the tables, or its loss name) in the "
                    + "results tables: difference, 95% CI and t-test p-value per metric; overrides "
                    + "evaluation.baseline, also for a resumed run.")
    String baseline;

    @Option(
            names = {"-q", "--quiet"},
            description = "Print only the final table.")
    boolean quiet;
}
