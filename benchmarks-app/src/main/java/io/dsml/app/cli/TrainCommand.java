package io.dsml.app.cli;

import com.google.inject.Inject;
import io.dsml.app.run.Experiment;
import io.dsml.core.config.ConfigLoader;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code dsml train --config FILE.yaml}: runs every cell of an experiment file. */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        description = "Train and evaluate every cell (backbone x loss x seed) of an experiment YAML file.")
public final class TrainCommand extends CommandBase implements Callable<Integer> {
    /** The run protocol, from the command line's one injector. */
    @Inject
    Experiment experiment;

    @Option(
            names = "--config",
            paramLabel = "FILE.yaml",
            description = "The experiment file (not needed with --resume, which reads the run's config.yaml).")
    Path config;

    @Mixin
    RunOptions options = new RunOptions();

    @Override
    public Integer call() {
        if ((config == null) == (options.resume == null)) {
            throw new picocli.CommandLine.ParameterException(
                    spec.commandLine(),
                    "Give either --config FILE.yaml (a new run) or --resume RUN_DIR (continue one)");
        }
        return ExperimentCommand.run(
                () -> new ConfigLoader().load(config, options.overrides),
                String.valueOf(config),
                null,
                options,
                spec,
                experiment);
    }
}
