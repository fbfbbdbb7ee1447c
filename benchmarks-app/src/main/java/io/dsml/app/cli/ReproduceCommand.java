package io.dsml.app.cli;

import com.google.inject.Inject;
import io.dsml.app.run.Experiment;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dsml reproduce NAME}: runs one of the experiments shipped with dsml. */
@Command(
        name = "reproduce",
        mixinStandardHelpOptions = true,
        description = "Run a shipped experiment (see --list), e.g. 'dsml reproduce quickstart'.")
public final class ReproduceCommand extends CommandBase implements Callable<Integer> {
    /** The run protocol, from the command line's one injector. */
    @Inject
    Experiment experiment;

    @Parameters(arity = "0..1", paramLabel = "NAME", description = "The experiment's name.")
    String name;

    @Option(names = "--list", description = "List the shipped experiments.")
    boolean list;

    @Mixin
    RunOptions options = new RunOptions();

    @Override
    public Integer call() {
        if (list || (name == null && options.resume == null)) {
            PrintWriter out = spec.commandLine().getOut();
            for (String experiment : Experiments.names()) {
                out.printf(
                        "%-28s %s%n",
                        experiment,
                        Experiments.load(experiment, java.util.List.of())
                                .description()
                                .strip());
            }
            return 0;
        }
        return ExperimentCommand.run(
                () -> Experiments.load(name, options.overrides),
                Experiments.source(name),
                name,
                options,
                spec,
                experiment);
    }
}
