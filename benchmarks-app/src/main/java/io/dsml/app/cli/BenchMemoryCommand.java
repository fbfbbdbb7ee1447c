package io.dsml.app.cli;

import com.google.inject.Inject;
import io.dsml.app.bench.MemoryBenchmark;
import io.dsml.core.error.DsmlException;
import io.dsml.core.run.ExperimentRunner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code dsml bench memory}: resident memory and NDArray count per epoch over a long run. */
@Command(
        name = "memory",
        mixinStandardHelpOptions = true,
        description = "Train one cell of a shipped experiment and print, after every epoch, the process's resident"
                + " set, the JVM heap in use and the NDArrays under the model's manager.")
public final class BenchMemoryCommand extends CommandBase implements Callable<Integer> {
    /** Prepares and trains the cells, from the command line's one injector. */
    @Inject
    ExperimentRunner runner;

    @Option(
            names = "--experiment",
            defaultValue = "quickstart",
            description = "Shipped experiment (default: ${DEFAULT-VALUE}).")
    String experiment;

    @Option(names = "--epochs", defaultValue = "50", description = "Epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(
            names = "--cell",
            defaultValue = "0",
            description = "Which cell of the grid, 0-based (default: ${DEFAULT-VALUE}, the quickstart's vMF cell).")
    int cell;

    @Option(
            names = "--tolerance",
            defaultValue = "0.10",
            description = "Allowed rise of the resident set above epoch 1's (default: ${DEFAULT-VALUE}); a fall"
                    + " below it is reported, not failed.")
    double tolerance;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Where the dataset's files are.")
    Path dataDir;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a config value (repeatable).")
    List<String> overrides = new ArrayList<>();

    @Override
    public Integer call() {
        if (epochs < 2 || cell < 0) {
            throw new DsmlException("need --epochs >= 2 and --cell >= 0");
        }
        List<String> all = new ArrayList<>(overrides);
        all.add("training.epochs=" + epochs);
        List<MemoryBenchmark.Sample> samples =
                MemoryBenchmark.run(Experiments.load(experiment, all), cell, dataDir, runner, out());
        double deviation = MemoryBenchmark.maxDeviationAfterFirst(samples, MemoryBenchmark.Sample::rssMiB);
        double growth = MemoryBenchmark.maxGrowthAfterFirst(samples, MemoryBenchmark.Sample::rssMiB);
        double outside = MemoryBenchmark.maxDeviationAfterFirst(samples, MemoryBenchmark.Sample::outsideHeapMiB);
        int firstArrays = samples.get(0).managedArrays();
        boolean flatArrays = samples.stream().allMatch(s -> s.managedArrays() == firstArrays);
        out().printf(
                        Locale.ROOT,
                        "resident set: epoch 1 %.1f MiB, largest deviation after it %.1f%%, largest rise above it"
                                + " %.1f%% (limit %.0f%%);"
                                + " outside the committed heap: largest deviation %.1f%%; NDArrays under the model %s%n",
                        samples.get(0).rssMiB(),
                        100 * deviation,
                        100 * growth,
                        100 * tolerance,
                        100 * outside,
                        flatArrays ? "constant at " + firstArrays : "CHANGED");
        return growth <= tolerance && flatArrays ? 0 : 1;
    }
}
