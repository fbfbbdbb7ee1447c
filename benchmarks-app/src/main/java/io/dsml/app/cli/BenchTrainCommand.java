package io.dsml.app.cli;

import com.google.inject.Inject;
import io.dsml.app.bench.TrainBenchmark;
import io.dsml.app.bench.TrainReport;
import io.dsml.core.error.DsmlException;
import io.dsml.core.run.ExperimentRunner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code dsml bench train}: dsml's training throughput and peak memory against a plain DJL loop. */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        description = "Time dsml's full training step (data pipeline, loss, optimizer, listeners) and two plain"
                + " DJL loops (trainer.step() and a direct optimizer step) on the same network, batch and optimizer,"
                + " in one JVM; print images/s, peak RSS and dsml's overhead against each.")
public final class BenchTrainCommand extends CommandBase implements Callable<Integer> {
    /** Prepares and trains the cells, from the command line's one injector. */
    @Inject
    ExperimentRunner runner;

    @Option(names = "--backbone", defaultValue = "conv-2", description = "Backbone (default: ${DEFAULT-VALUE}).")
    String backbone;

    @Option(names = "--loss", defaultValue = "vmf", description = "Loss (default: ${DEFAULT-VALUE}).")
    String loss;

    @Option(names = "--batch", defaultValue = "128", description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--steps", required = true, description = "Timed steps per path and round.")
    int steps;

    @Option(names = "--warmup", defaultValue = "20", description = "Untimed steps first (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(
            names = "--rounds",
            defaultValue = "1",
            description = "Run the three paths this many times, alternating their order (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(
            names = "--warmup-rounds",
            defaultValue = "1",
            description = "Rounds of all paths run first and not reported (default: ${DEFAULT-VALUE}).")
    int warmupRounds;

    @Option(
            names = "--interleaved",
            description = "Interleave the paths step by step within one dsml run, so that slow stretches of the"
                    + " machine hit all alike; needs a synchronous engine (NaiveEngine, ./dsml's CPU default).")
    boolean interleaved;

    @Option(
            names = "--dsml-only",
            description = "Time dsml's path alone, without the raw DJL loops (no overhead figures): where only"
                    + " dsml's images/s is wanted, e.g. benchmarks/contention/run.sh.")
    boolean dsmlOnly;

    @Option(
            names = "--threads",
            defaultValue = "0",
            description = "OpenMP threads for the engine (default: OMP_NUM_THREADS as set).")
    int threads;

    @Option(
            names = "--dataset",
            defaultValue = "fashion-mnist-quickstart",
            description = "Training data, classification split (default: ${DEFAULT-VALUE}).")
    String dataset;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Where the dataset's files are.")
    Path dataDir;

    @Option(
            names = "--set",
            paramLabel = "KEY=VALUE",
            description = "Override a config value of the dsml side, e.g. losses[0].params.means=online.")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--seed", defaultValue = "1", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    @Override
    public Integer call() {
        if (batch < 2 || steps < 1 || warmup < 0 || rounds < 1 || warmupRounds < 0 || threads < 0) {
            throw new DsmlException("need --batch >= 2, --steps >= 1, --warmup >= 0, --rounds >= 1,"
                    + " --warmup-rounds >= 0, --threads >= 0");
        }
        if (interleaved && dsmlOnly) {
            throw new DsmlException("--interleaved and --dsml-only exclude each other: interleaving steps the raw"
                    + " loops between dsml's steps");
        }
        if (interleaved
                && "MXNet".equals(ai.djl.engine.Engine.getDefaultEngineName())
                && !"NaiveEngine".equals(System.getenv("MXNET_ENGINE_TYPE"))) {
            throw new DsmlException("--interleaved needs operators that run synchronously: set"
                    + " MXNET_ENGINE_TYPE=NaiveEngine (./dsml does so without a GPU)");
        }
        TrainReport report = TrainBenchmark.run(
                new TrainBenchmark.Settings(
                        backbone,
                        loss,
                        batch,
                        steps,
                        warmup,
                        dataset,
                        dataDir,
                        overrides,
                        rounds,
                        warmupRounds,
                        seed,
                        threads,
                        interleaved,
                        dsmlOnly),
                runner);
        out().print(json ? report.toJson() + "\n" : report.toText());
        return 0;
    }
}
