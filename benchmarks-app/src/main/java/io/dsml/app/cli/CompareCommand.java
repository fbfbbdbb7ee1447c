package io.dsml.app.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.inject.Inject;
import io.dsml.app.run.Experiment;
import io.dsml.core.config.ConfigLoader;
import io.dsml.core.config.ExperimentConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
public final class CompareCommand extends CommandBase implements Callable<Integer> {
    /** The run protocol, from the command line's one injector. */
    @Inject
    Experiment experiment;

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
        return ExperimentCommand.run(this::config, source(), null, options, spec, experiment);
    }

    private boolean isFile() {
        return Files.exists(Path.of(base)) || base.endsWith(".yaml") || base.endsWith(".yml");
    }

    private String source() {
        return isFile() ? base : Experiments.source(base);
    }

    /**
     * The base experiment with its losses replaced. The replacement is applied as the first
     * override, so that the user's {@code --set losses[0].params...} land on the compared losses
     * and are validated with them (applied afterwards, they changed the base's discarded losses).
     */
    private ExperimentConfig config() {
        List<String> all = new ArrayList<>();
        all.add("losses=" + lossList());
        all.addAll(options.overrides);
        ExperimentConfig c = isFile() ? new ConfigLoader().load(Path.of(base), all) : Experiments.load(base, all);
        return c.with(e -> {
            e.name = c.name() + "-compare";
            // The base's baseline only if it is among the compared losses; --baseline overrides.
            if (!losses.contains(c.evaluation().baseline())) {
                e.evaluation = c.evaluation().withBaseline(null);
            }
        });
    }

    /** The losses as a YAML flow list (JSON is YAML), each name quoted as given. */
    private String lossList() {
        List<Map<String, String>> list =
                losses.stream().map(n -> Map.of("name", n.trim())).toList();
        try {
            return new ObjectMapper().writeValueAsString(list);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a list of names always serialises", e);
        }
    }
}
