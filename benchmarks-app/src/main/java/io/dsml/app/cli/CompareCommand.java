package io.dsml.app.cli;

import io.dsml.core.config.ComponentConfig;
import io.dsml.core.config.ConfigLoader;
import io.dsml.core.config.ExperimentConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code dsml compare --losses a,b,c --config base.yaml}: an ad-hoc comparison, the base
 * experiment with its losses replaced by the named ones at their default hyperparameters.
 */
@Command(
        name = "compare",
        mixinStandardHelpOptions = true,
        description = "Compare losses on a base experiment (a YAML file or a shipped experiment's name).")
public final class CompareCommand implements Callable<Integer> {
    @Option(
            names = "--losses",
            required = true,
            split = ",",
            paramLabel = "NAME",
            description = "Registered loss names, e.g. vmf,softmax,triplet,npair.")
    List<String> losses;

    @Option(
            names = "--config",
            required = true,
            paramLabel = "FILE.yaml|NAME",
            description = "The base experiment: a file, or the name of a shipped experiment.")
    String base;

    @Mixin
    RunOptions options = new RunOptions();

    @Override
    public Integer call() {
        if (options.resume != null) {
            throw new io.dsml.core.error.DsmlException(
                    "compare starts a new run; continue one with 'dsml reproduce --resume RUN_DIR'");
        }
        return ExperimentCommand.run(this::config, null, options, System.out);
    }

    private ExperimentConfig config() {
        Path file = Path.of(base);
        ExperimentConfig c = Files.exists(file) || base.endsWith(".yaml") || base.endsWith(".yml")
                ? new ConfigLoader().load(file, options.overrides)
                : Experiments.load(base, options.overrides);
        List<ComponentConfig> replaced = losses.stream()
                .map(n -> new ComponentConfig(n.trim(), null, null))
                .toList();
        return new ExperimentConfig(
                c.name() + "-compare",
                c.description(),
                c.dataset(),
                c.backbones(),
                c.embedding(),
                replaced,
                c.training(),
                // The base's baseline only if it is among the compared losses; --baseline overrides.
                losses.contains(c.evaluation().baseline())
                        ? c.evaluation()
                        : c.evaluation().withBaseline(null),
                c.seeds());
    }
}
