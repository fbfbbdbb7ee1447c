package io.dsml.app.cli;

import io.dsml.app.inject.AppInjector;
import io.dsml.app.report.RunPlots;
import io.dsml.app.report.RunReport;
import io.dsml.core.config.ConfigLoader;
import io.dsml.core.config.ExperimentConfig;
import io.dsml.core.error.DsmlException;
import io.dsml.core.files.RunLock;
import io.dsml.core.run.ExperimentRunner;
import io.dsml.core.run.RunDirectory;
import io.dsml.core.train.TrainingStoppedException;
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
     *     may be raised, to train longer, and {@code training.devices} changed: a checkpoint holds
     *     one copy of the state whatever the number of devices)
     * @param source how to name the fresh config in messages (its file or resource)
     * @param expectedName the experiment the user named, checked against a resumed run's, or null
     */
    static int run(
            Supplier<ExperimentConfig> fresh, String source, String expectedName, RunOptions options, PrintStream out) {
        ExperimentConfig config = options.resume == null ? fresh.get() : resumedConfig(expectedName, options);
        if (options.baseline != null) {
            config = config.withBaseline(options.baseline);
        }
        String configSource =
                options.resume == null ? source : options.resume.resolve(CONFIG).toString();
        ExperimentRunner runner = AppInjector.create().getInstance(ExperimentRunner.class);
        List<ExperimentRunner.CellPlan> cells;
        try {
            cells = runner.validate(config);
        } catch (DsmlException e) {
            // names, hyperparameters, cells: all come from the config file, so name it
            throw new DsmlException(configSource + ": " + e.getMessage(), e);
        }
        warnAboutRandomInitialisation(cells, System.err);
        ExperimentRunner.Prepared prepared = runner.prepare(config, options.dataDir);
        runner.notApplicableMetrics(prepared).forEach(line -> System.err.println("dsml: warning: " + line));
        RunDirectory directory = options.resume != null
                ? RunDirectory.existing(options.resume)
                : RunDirectory.create(options.runsDir, config.name());
        try (RunLock lock = RunLock.acquire(directory.root())) {
            if (!options.quiet) {
                out.printf(
                        "%s: %d cell(s) on %s -> %s%n",
                        config.name(), prepared.cells().size(), prepared.data().description(), directory.root());
            }
            ExperimentRunner.Summary summary;
            try {
                summary = runner.run(prepared, directory, options.quiet ? null : out);
            } catch (TrainingStoppedException e) {
                throw new DsmlException(
                        e.getMessage() + "; continue with: dsml reproduce --resume " + directory.root(), e);
            }
            out.println();
            out.print(summary.table().markdown());
            out.println();
            RunPlots.write(summary.directory(), summary.cells());
            writeReport(config.name(), summary, prepared);
            out.println("results: " + summary.directory().resolve("results.md") + " (plots in "
                    + summary.directory().resolve("plots") + ", report "
                    + summary.directory().resolve(RunReport.FILE)
                    + ")");
        }
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

    private static final String CONFIG = "config.yaml";

    /**
     * A backbone that can start from pretrained weights but was given none trains from random
     * initialisation, far from the protocols that start from ImageNet weights: say so once per
     * backbone, before the (long) run starts.
     */
    private static void warnAboutRandomInitialisation(List<ExperimentRunner.CellPlan> cells, PrintStream err) {
        java.util.Set<String> warned = new java.util.HashSet<>();
        for (ExperimentRunner.CellPlan plan : cells) {
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
