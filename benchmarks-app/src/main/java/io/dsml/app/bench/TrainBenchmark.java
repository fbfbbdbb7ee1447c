package io.dsml.app.bench;

import ai.djl.engine.Engine;
import io.dsml.core.config.ConfigLoader;
import io.dsml.core.config.ExperimentConfig;
import io.dsml.core.config.TrainingConfig;
import io.dsml.core.error.DsmlException;
import io.dsml.core.run.CellFiles;
import io.dsml.core.run.ConsoleProgressListener;
import io.dsml.core.run.ExperimentRunner;
import io.dsml.core.run.MetricsJsonlListener;
import io.dsml.core.spi.LabeledImages;
import io.dsml.core.train.Cell;
import io.dsml.core.train.MetricTrainer;
import io.dsml.core.train.TrainingListener;
import io.dsml.core.train.TrainingOutcome;
import io.dsml.losses.vmf.VmfLoss;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Training throughput of dsml's real training path against a plain DJL loop, in one JVM. The dsml
 * side builds its cell with {@link ExperimentRunner#newCell} and trains it with {@link
 * MetricTrainer}, exactly as {@code dsml train} does (data pipeline with prefetching, the loss
 * block, the resumable optimizer, the class-state refresh and metric listeners); a {@link
 * StepTimer} listener times its steps. The raw side ({@link RawDjlLoop}) trains an identical
 * network on pre-made NDArrays, once with DJL's {@code trainer.step()} and once with the direct
 * optimizer step dsml uses on one MXNet device. Rounds alternate the order so drifting machine
 * speed hits every path, and each round gives one overhead figure per baseline; the report's
 * overheads are their medians.
 */
public final class TrainBenchmark {
    private TrainBenchmark() {}

    /**
     * What to run.
     *
     * @param dataset a registered dataset name (its {@code classification} split)
     * @param dataDir where its files are, or {@code null} for the default locations
     * @param overrides extra config overrides, e.g. {@code losses[0].params.means=online}
     * @param rounds how many times to run both paths, alternating; these are reported
     * @param warmupRounds rounds of both paths run first and not reported: the first seconds of a
     *     JVM (JIT, the engine's kernel caches) run slower than later ones
     * @param threads OpenMP threads for the engine, or 0 to keep OMP_NUM_THREADS as it is
     * @param interleaved whether a round interleaves the paths step by step ({@link StepTimer}
     *     with baselines) instead of running them one after the other
     * @param dsmlOnly whether to time dsml's path alone, without the raw DJL loops: a third of the
     *     time where only dsml's speed is wanted (the contention benchmark), no overhead figures
     */
    public record Settings(
            String backbone,
            String loss,
            int batch,
            int steps,
            int warmup,
            String dataset,
            Path dataDir,
            List<String> overrides,
            int rounds,
            int warmupRounds,
            long seed,
            int threads,
            boolean interleaved,
            boolean dsmlOnly) {}

    /**
     * One timed run.
     *
     * @param path {@link TrainReport#DSML}, {@link TrainReport#RAW} or {@link TrainReport#RAW_DIRECT}
     * @param peakRssMiB the process's peak resident set during this run (VmHWM, reset before it)
     */
    public record Phase(
            int round, String path, long steps, double seconds, double imagesPerSecond, double peakRssMiB) {}

    /** Runs the benchmark with {@code runner}'s components. */
    public static TrainReport run(Settings settings, ExperimentRunner runner) {
        if (settings.threads() > 0) {
            NativeEnv.setThreads(settings.threads());
        }
        ExperimentRunner.Prepared prepared = runner.prepare(config(settings), settings.dataDir());
        prepared = withStepBudget(runner, prepared, settings.warmup() + settings.steps());
        if (settings.interleaved()) {
            return report(settings, prepared, interleavedRounds(runner, prepared, settings));
        }
        if (settings.dsmlOnly()) {
            return report(settings, prepared, dsmlRounds(runner, prepared, settings));
        }
        for (int round = 1; round <= settings.warmupRounds(); round++) {
            dsml(runner, prepared, settings, 0);
            raw(runner, prepared, settings, 0, RawDjlLoop.Step.TRAINER);
            raw(runner, prepared, settings, 0, RawDjlLoop.Step.DIRECT);
        }
        List<Phase> phases = new ArrayList<>();
        for (int round = 1; round <= settings.rounds(); round++) {
            List<Phase> inRound = new ArrayList<>();
            // Odd rounds run dsml first, even rounds last: a drift in machine speed within a pair
            // of rounds favours no path.
            boolean dsmlFirst = round % 2 == 1;
            if (dsmlFirst) {
                inRound.add(dsml(runner, prepared, settings, round));
            }
            inRound.add(raw(
                    runner, prepared, settings, round, dsmlFirst ? RawDjlLoop.Step.TRAINER : RawDjlLoop.Step.DIRECT));
            inRound.add(raw(
                    runner, prepared, settings, round, dsmlFirst ? RawDjlLoop.Step.DIRECT : RawDjlLoop.Step.TRAINER));
            if (!dsmlFirst) {
                inRound.add(dsml(runner, prepared, settings, round));
            }
            phases.addAll(inRound);
        }
        return report(settings, prepared, phases);
    }

    private static TrainReport report(Settings settings, ExperimentRunner.Prepared prepared, List<Phase> phases) {
        LabeledImages train = prepared.data().train();
        return new TrainReport(
                settings,
                train.size() + " training images of " + train.shape().channels() + "x"
                        + train.shape().height() + "x" + train.shape().width(),
                Engine.getInstance().getEngineName() + " "
                        + Engine.getInstance().getVersion() + " on "
                        + Engine.getInstance().defaultDevice(),
                phases);
    }

    /** Warm-up rounds, then rounds of dsml's path alone. */
    private static List<Phase> dsmlRounds(
            ExperimentRunner runner, ExperimentRunner.Prepared prepared, Settings settings) {
        for (int round = 1; round <= settings.warmupRounds(); round++) {
            dsml(runner, prepared, settings, 0);
        }
        List<Phase> phases = new ArrayList<>();
        for (int round = 1; round <= settings.rounds(); round++) {
            phases.add(dsml(runner, prepared, settings, round));
        }
        return phases;
    }

    /** Warm-up rounds, then rounds of one dsml run with both raw loops stepping between its steps. */
    private static List<Phase> interleavedRounds(
            ExperimentRunner runner, ExperimentRunner.Prepared prepared, Settings settings) {
        List<Phase> phases = new ArrayList<>();
        for (int round = 1 - settings.warmupRounds(); round <= settings.rounds(); round++) {
            List<Phase> inRound = interleaved(runner, prepared, settings, round);
            if (round >= 1) {
                phases.addAll(inRound);
            }
        }
        return phases;
    }

    private static List<Phase> interleaved(
            ExperimentRunner runner, ExperimentRunner.Prepared prepared, Settings settings, int round) {
        try (RawDjlLoop trainerStep = rawLoop(twin(runner, prepared), prepared, settings, RawDjlLoop.Step.TRAINER);
                RawDjlLoop directStep = rawLoop(twin(runner, prepared), prepared, settings, RawDjlLoop.Step.DIRECT)) {
            StepTimer timer = new StepTimer(settings.warmup(), settings.steps(), List.of(trainerStep, directStep));
            trainTimed(runner, prepared, settings, timer);
            return List.of(
                    phase(round, TrainReport.DSML, timer.counted(), timer.dsmlSeconds(), settings.batch()),
                    phase(round, TrainReport.RAW, timer.counted(), timer.baselineSeconds(0), settings.batch()),
                    phase(round, TrainReport.RAW_DIRECT, timer.counted(), timer.baselineSeconds(1), settings.batch()));
        }
    }

    private static Phase dsml(
            ExperimentRunner runner, ExperimentRunner.Prepared prepared, Settings settings, int round) {
        StepTimer timer = new StepTimer(settings.warmup(), settings.steps(), List.of());
        trainTimed(runner, prepared, settings, timer);
        return phase(round, TrainReport.DSML, timer.counted(), timer.dsmlSeconds(), settings.batch());
    }

    /**
     * Trains the benchmark's cell with the listeners {@code dsml train} attaches (console output
     * thrown away) and {@code timer} last; the peak resident set is reset just before.
     */
    private static void trainTimed(
            ExperimentRunner runner, ExperimentRunner.Prepared prepared, Settings settings, StepTimer timer) {
        Path scratch = scratchDirectory();
        CellFiles files = CellFiles.in(scratch); // laid out as a run's cell, as dsml train writes it
        List<TrainingListener> listeners = List.of(
                new MetricsJsonlListener(files.metrics()),
                new ConsoleProgressListener(new PrintStream(OutputStream.nullOutputStream()), "bench", 1, true),
                timer);
        Cell cell = runner.newCell(prepared, prepared.cells().get(0), listeners, files.checkpoint());
        ProcessMemory.resetPeak();
        TrainingOutcome outcome;
        try {
            outcome = new MetricTrainer().train(cell);
        } finally {
            deleteTree(scratch);
        }
        if (timer.counted() < settings.steps()) {
            throw new IllegalStateException("timed " + timer.counted() + " of " + settings.steps() + " steps");
        }
        if (outcome.epochs().isEmpty()) {
            throw new IllegalStateException("the cell trained no epoch");
        }
    }

    private static Phase raw(
            ExperimentRunner runner,
            ExperimentRunner.Prepared prepared,
            Settings settings,
            int round,
            RawDjlLoop.Step step) {
        Cell twin = twin(runner, prepared);
        ProcessMemory.resetPeak();
        try (RawDjlLoop loop = rawLoop(twin, prepared, settings, step)) {
            double seconds = loop.timed(settings.warmup(), settings.steps());
            return phase(
                    round,
                    step == RawDjlLoop.Step.TRAINER ? TrainReport.RAW : TrainReport.RAW_DIRECT,
                    settings.steps(),
                    seconds,
                    settings.batch());
        }
    }

    /** A fresh, uninitialised copy of the benchmark's cell, whose network a raw loop trains. */
    private static Cell twin(ExperimentRunner runner, ExperimentRunner.Prepared prepared) {
        return runner.newCell(prepared, prepared.cells().get(0), List.of(), null);
    }

    private static RawDjlLoop rawLoop(
            Cell twin, ExperimentRunner.Prepared prepared, Settings settings, RawDjlLoop.Step step) {
        float kappa = twin.loss() instanceof VmfLoss vmf ? vmf.kappa() : 16f;
        return RawDjlLoop.open(
                twin.embedder(),
                prepared.data().train(),
                settings.batch(),
                kappa,
                (float) prepared.config().training().learningRate(),
                settings.seed(),
                step);
    }

    private static Phase phase(int round, String path, long steps, double seconds, int batch) {
        return new Phase(round, path, steps, seconds, steps * batch / seconds, ProcessMemory.peakMiB());
    }

    /** The experiment the dsml side runs: one cell, evaluated by accuracy only (outside the timing). */
    private static ExperimentConfig config(Settings s) {
        String yaml = String.join(
                "\n",
                "name: bench-train",
                "dataset: {name: " + s.dataset() + ", split: classification}",
                "backbones: [{name: " + s.backbone() + "}]",
                "embedding: {dim: 64}",
                "losses: [{name: " + s.loss() + "}]",
                "training: {batch_size: " + s.batch() + ", optimizer: adam, learning_rate: 0.001}",
                "evaluation: {metrics: [accuracy]}",
                "seeds: [" + s.seed() + "]",
                "");
        return new ConfigLoader()
                .load("bench train", new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), s.overrides());
    }

    /**
     * Enough epochs for {@code total} steps, each capped so they add up to no more than needed
     * beyond {@code total}: fewer epoch boundaries, so fewer refreshes and evaluations to wait for.
     */
    private static ExperimentRunner.Prepared withStepBudget(
            ExperimentRunner runner, ExperimentRunner.Prepared prepared, int total) {
        Cell probe = runner.newCell(prepared, prepared.cells().get(0), List.of(), null);
        int perEpoch = probe.sampler().epoch(new Random(0)).size();
        if (perEpoch == 0) {
            throw new DsmlException("the training split has no batch of this size");
        }
        int epochs = (total + perEpoch - 1) / perEpoch;
        int cap = (total + epochs - 1) / epochs;
        ExperimentConfig c = prepared.config();
        TrainingConfig budget =
                c.training().toBuilder().epochs(epochs).maxStepsPerEpoch(cap).build();
        ExperimentConfig config = c.with(e -> e.training = budget);
        return new ExperimentRunner.Prepared(config, prepared.data(), prepared.cells(), prepared.validation());
    }

    private static Path scratchDirectory() {
        try {
            return Files.createTempDirectory("dsml-bench-train");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path dir) {
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // a leftover temporary directory is harmless
        }
    }
}
