package io.dsml.app.parallel;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.pooling.Pool;
import ai.djl.util.Pair;
import io.dsml.app.inject.AppInjector;
import io.dsml.core.config.ConfigLoader;
import io.dsml.core.config.ExperimentConfig;
import io.dsml.core.data.SubsetImages;
import io.dsml.core.model.EmbeddingModel;
import io.dsml.core.run.ExperimentRunner;
import io.dsml.core.spi.DatasetSplits;
import io.dsml.core.train.Cell;
import io.dsml.core.train.MetricTrainer;
import io.dsml.core.train.TrainingContext;
import io.dsml.core.train.TrainingListener;
import io.dsml.core.train.TrainingOutcome;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Trains one quickstart cell (a 400-image stratified subset of the bundled Fashion-MNIST data, so
 * that refreshes and evaluations stay cheap) through the real trainer and records what the
 * data-parallel tests compare: the loss of every step and every parameter at the end.
 */
final class DataParallelFixture {
    static final List<String> ONE = TestDevices.FIRST;
    static final List<String> TWO = TestDevices.SEVERAL;

    private static final ExperimentRunner RUNNER = AppInjector.create().getInstance(ExperimentRunner.class);

    private DataParallelFixture() {}

    /** What one training run left behind. */
    record Trace(
            List<Float> stepLosses,
            Map<String, float[]> resumedParameters,
            Map<String, float[]> finalParameters,
            Map<String, Double> metrics) {}

    /**
     * @param loss the YAML of one {@code losses} entry
     * @param devices {@code training.devices}
     * @param epochs epochs of {@code steps} steps of 32 samples (8 classes x 4)
     * @param bnFree replace conv-2 by the same network without BatchNorm, whose result does not
     *     depend on how the batch is split
     * @param checkpoint continue from and save to this file, or {@code null}
     */
    static Trace train(String loss, List<String> devices, int epochs, int steps, boolean bnFree, Path checkpoint) {
        return train(loss, devices, epochs, steps, bnFree, checkpoint, 0);
    }

    /**
     * As {@link #train(String, List, int, int, boolean, Path)}, with a checkpoint every 2 steps, and,
     * if {@code crashAfter > 0}, a crash (an exception out of the training loop) right after step
     * {@code crashAfter} was taken, before its checkpoint: the run stops with the checkpoint of step
     * {@code crashAfter - 1}, whose parameters {@link Trace#finalParameters} then holds.
     */
    static Trace train(
            String loss, List<String> devices, int epochs, int steps, boolean bnFree, Path checkpoint, int crashAfter) {
        String yaml = """
                name: data-parallel
                dataset: {name: fashion-mnist-quickstart, split: classification}
                backbones: [{name: conv-2}]
                embedding: {dim: 16}
                losses: [%s]
                training: {epochs: %d, batch_size: 32, sampler: m-per-class, samples_per_class: 4,
                           max_steps_per_epoch: %d, augment: false, checkpoint_every_steps: 2}
                evaluation: {metrics: [accuracy, recall], recall_at: [1]}
                seeds: [3]
                """.formatted(loss, epochs, steps);
        List<String> overrides = List.of("training.devices=" + TestDevices.yaml(devices));
        ExperimentConfig config = new ConfigLoader()
                .load("data-parallel test", new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), overrides);
        ExperimentRunner.Prepared full = RUNNER.prepare(config, null);
        DatasetSplits data = full.data();
        DatasetSplits small = new DatasetSplits(
                SubsetImages.perClass(data.train(), 40, 11),
                SubsetImages.perClass(data.test(), 20, 12),
                data.sharedClasses(),
                data.description() + ", stratified subset");
        ExperimentRunner.Prepared prepared = new ExperimentRunner.Prepared(config, small, full.cells());
        Recorder recorder = new Recorder(crashAfter);
        Cell cell = RUNNER.newCell(prepared, prepared.cells().get(0), List.of(recorder), checkpoint);
        if (bnFree) {
            cell = new Cell(
                    withoutBatchNorm(),
                    cell.loss(),
                    cell.data(),
                    cell.sampler(),
                    cell.training(),
                    cell.evaluation(),
                    cell.classification(),
                    cell.seed(),
                    cell.listeners(),
                    cell.checkpoint(),
                    null,
                    "",
                    "");
        }
        try {
            TrainingOutcome outcome = new MetricTrainer().train(cell);
            return new Trace(recorder.losses, recorder.resumed, recorder.last, outcome.finalMetrics());
        } catch (Crash crash) {
            return new Trace(recorder.losses, recorder.resumed, recorder.beforeCrash, Map.of());
        }
    }

    /** conv-2's layers less BatchNorm, with the same embedding head. */
    static Block withoutBatchNorm() {
        SequentialBlock backbone = new SequentialBlock();
        for (int i = 0; i < 2; i++) {
            backbone.add(Conv2d.builder()
                            .setKernelShape(new Shape(3, 3))
                            .optPadding(new Shape(1, 1))
                            .setFilters(8 << i)
                            .build())
                    .add(Activation.reluBlock())
                    .add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
        }
        backbone.add(Blocks.batchFlattenBlock());
        return EmbeddingModel.builder().backbone(backbone).embeddingDim(16).build();
    }

    /** Largest |a - b| over every value of every parameter; the names must agree. */
    static double maxDifference(Map<String, float[]> a, Map<String, float[]> b) {
        if (!a.keySet().equals(b.keySet())) {
            throw new AssertionError("parameters differ: " + a.keySet() + " vs " + b.keySet());
        }
        double max = 0;
        for (String name : a.keySet()) {
            float[] x = a.get(name);
            float[] y = b.get(name);
            for (int i = 0; i < x.length; i++) {
                max = Math.max(max, Math.abs(x[i] - y[i]));
            }
        }
        return max;
    }

    private static Map<String, float[]> parameters(TrainingContext context) {
        Map<String, float[]> values = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : context.trainer().getModel().getBlock().getParameters()) {
            values.put(p.getKey(), p.getValue().getArray().toFloatArray());
        }
        return values;
    }

    /** The simulated crash. */
    private static final class Crash extends RuntimeException {
        Crash() {
            super("simulated crash", null, false, false);
        }
    }

    private static final class Recorder implements TrainingListener {
        final int crashAfter;
        final List<Float> losses = new ArrayList<>();
        Map<String, float[]> resumed;
        Map<String, float[]> last;
        /** The parameters after the step before the crash: what its checkpoint holds. */
        Map<String, float[]> beforeCrash;

        Recorder(int crashAfter) {
            this.crashAfter = crashAfter;
        }

        @Override
        public void onTrainingResumed(TrainingContext context, int epochsDone) {
            resumed = parameters(context);
        }

        @Override
        public void onBatchEnd(TrainingContext context, int epoch, long step, float loss) {
            if (step == crashAfter) {
                throw new Crash();
            }
            losses.add(loss);
            if (step == crashAfter - 1) {
                beforeCrash = parameters(context);
            }
        }

        @Override
        public void onTrainingEnd(TrainingContext context) {
            last = parameters(context);
        }
    }
}
