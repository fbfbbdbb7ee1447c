package io.dsml.app.cli;

import io.dsml.core.config.ConfigLoader;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code dsml train --config FILE.yaml}: runs every cell of an experiment file. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train and evaluate every cell (backbone x loss x seed) of an experiment YAML file.")
public final class TrainCommand implements Callable<Integer> {
    @Option(names = "--config", required = true, paramLabel = "FILE.yaml", description = "The experiment file.")
    Path config;

    @Mixin
    RunOptions options = new RunOptions();

    @Override
    public Integer call() {
        return ExperimentCommand.run(new ConfigLoader().load(config, options.overrides), options, System.out);
    }
}
