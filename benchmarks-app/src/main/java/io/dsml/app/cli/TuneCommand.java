package io.dsml.app.cli;

import com.google.inject.Inject;
import io.dsml.app.run.Experiment;
import io.dsml.app.tune.Tuner;
import io.dsml.core.config.ConfigLoader;
import io.dsml.core.config.ExperimentConfig;
import io.dsml.core.engine.EngineSelection;
import io.dsml.core.error.DsmlException;
import io.dsml.core.run.RunDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code dsml tune NAME | --config FILE | --resume DIR}: searches each loss's hyperparameters under
 * the experiment's {@code tune:} section, scoring trials on held-out training classes, then trains
 * each loss's best configuration with every seed and compares the losses on the test split.
 */
@Command(
        name = "tune",
        mixinStandardHelpOptions = true,
        description = {
            "Tune every loss of an experiment the same way (its tune: section), scoring each trial on held-out"
                    + " training classes (evaluation.folds or evaluation.select_split), then compare the losses'"
                    + " best configurations on the test split.",
            "Every trial is a run directory of its own under RUN/tune/<loss>/trial-NNN: a killed search resumes"
                    + " with --resume RUN, and --cells i/N --run-dir RUN spreads it over processes."
        })
public final class TuneCommand extends CommandBase implements Callable<Integer> {
    @Inject
    Tuner tuner;

    @Parameters(arity = "0..1", paramLabel = "NAME", description = "A shipped experiment (see dsml reproduce --list).")
    String name;

    @Option(names = "--config", paramLabel = "FILE.yaml", description = "The experiment file, instead of NAME.")
    Path config;

    @Mixin
    RunOptions options = new RunOptions();

    @Override
    public Integer call() {
        int given = (name == null ? 0 : 1) + (config == null ? 0 : 1) + (options.resume == null ? 0 : 1);
        if (given != 1) {
            throw new picocli.CommandLine.ParameterException(
                    spec.commandLine(), "Give one of NAME, --config FILE.yaml or --resume RUN_DIR");
        }
        if (options.cell != null) {
            throw new DsmlException(
                    "--cell names one cell of one grid; a search has a grid per trial: use --cells i/N");
        }
        String source = config != null ? config.toString() : name != null ? Experiments.source(name) : null;
        RunDirectory root = options.resume != null ? RunDirectory.existing(options.resume) : null;
        ExperimentConfig experiment = experiment();
        if (options.resume != null) {
            source = root.store().configFile().toString();
        }
        // each trial and final run sets its own run directory; --cells and --spark-conf are checked here
        Experiment.Options trials = options.experimentOptions(source);
        experiment = experiment.withEngine(
                EngineSelection.forExperiment(experiment.engine(), source).key());
        if (options.resume == null && options.dataDir != null) {
            experiment = experiment.withDataDir(options.dataDir);
        }
        tuner.check(experiment, options.dataDir); // before any directory is made
        if (root == null) {
            root = options.runDir != null
                    ? RunDirectory.shared(options.runDir)
                    : RunDirectory.create(options.runsDir, experiment.name());
            root.store().writeConfig(experiment, false);
        }
        out().println("tuning " + experiment.name() + " in " + root.root());
        tuner.tune(
                experiment,
                root,
                trials,
                out(),
                warning -> err().println("dsml: warning: " + warning),
                CommandContext.cancellation(spec));
        return 0;
    }

    /** The experiment to tune: the file, the shipped one, or the resumed run's config.yaml. */
    private ExperimentConfig experiment() {
        if (options.resume != null) {
            if (!options.overrides.isEmpty()) {
                throw new DsmlException("--set: a resumed search keeps the settings it started with; start a new run"
                        + " to change them");
            }
            Path file = RunDirectory.existing(options.resume).store().configFile();
            if (!Files.exists(file)) {
                throw new DsmlException(options.resume + ": not a tuning run (no config.yaml)");
            }
            return new ConfigLoader().load(file, List.of());
        }
        return config != null
                ? new ConfigLoader().load(config, options.overrides)
                : Experiments.load(name, options.overrides);
    }
}
