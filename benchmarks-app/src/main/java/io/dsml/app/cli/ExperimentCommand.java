package io.dsml.app.cli;

import io.dsml.app.run.Experiment;
import io.dsml.core.config.ConfigLoader;
import io.dsml.core.config.ExperimentConfig;
import io.dsml.core.engine.EngineSelection;
import io.dsml.core.error.DsmlException;
import io.dsml.core.run.RunDirectory;
import io.dsml.core.run.RunStore;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/**
 * Runs one experiment config end to end and prints its table; shared by train, reproduce and
 * compare: resolves the config (a fresh one or a resumed run's) and hands it to {@link Experiment}.
 */
final class ExperimentCommand {
    private ExperimentCommand() {}

    /**
     * @param fresh the config to use for a new run; a resumed run uses its own {@code config.yaml},
     *     so it continues with exactly the settings it started with (only {@code training.epochs}
     *     may be raised, to train longer, and {@code training.devices} changed: a checkpoint holds
     *     one copy of the state whatever the number of devices)
     * @param source how to name the fresh config in messages (its file or resource)
     * @param expectedName the experiment the user named, checked against a resumed run's, or null
     * @param command the command that runs it: where it prints, what cancels its training
     */
    static int run(
            Supplier<ExperimentConfig> fresh,
            String source,
            String expectedName,
            RunOptions options,
            picocli.CommandLine.Model.CommandSpec command,
            Experiment experiment) {
        PrintStream out = Console.out(command);
        PrintStream err = Console.err(command);
        String configSource = options.resume == null
                ? source
                : RunStore.at(options.resume).configFile().toString();
        Experiment.Options run = options.experimentOptions(configSource); // checks --cells, --spark-conf first
        ExperimentConfig config = options.resume == null ? fresh.get() : resumedConfig(expectedName, options);
        if (options.baseline != null) {
            config = config.withBaseline(options.baseline);
        }
        if (options.resume == null && options.dataDir != null) {
            // recorded in config.yaml and model.json, so that report and embed find the data again;
            // a resumed run keeps its recorded config (--data-dir then only says where the data is now)
            config = config.withDataDir(options.dataDir);
        }
        // the run's config.yaml records the engine it ran on: a resume, or a Spark executor,
        // runs on it too unless --engine says otherwise
        config = config.withEngine(
                EngineSelection.forExperiment(config.engine(), configSource).key());
        experiment.run(
                config,
                run,
                out,
                warning -> err.println("dsml: warning: " + warning),
                CommandContext.cancellation(command));
        return 0;
    }

    private static ExperimentConfig resumedConfig(String expectedName, RunOptions options) {
        for (String override : options.overrides) {
            if (!override.startsWith("training.epochs=") && !override.startsWith("training.devices=")) {
                throw new DsmlException("--set " + override + ": a resumed run keeps the settings it started with "
                        + "(only training.epochs may be raised and training.devices changed); start a new run to "
                        + "change them");
            }
        }
        Path config = RunDirectory.existing(options.resume).store().configFile();
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
