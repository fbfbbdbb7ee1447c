package io.dsml.app.bench;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.dsml.core.data.Batch;
import io.dsml.core.data.BatchAssembler;
import io.dsml.core.spi.LabeledImages;
import java.util.List;
import java.util.Random;

/**
 * The baseline a DJL user would write by hand: DJL's {@code Trainer}, {@code GradientCollector}
 * and built-in Adam over batches already in NDArrays, with the vMF loss written inline against
 * fixed unit mean directions. No data pipeline, no listeners, no per-step read of the loss: the
 * only syncs are at the start and the end of the timed window. Each step's intermediates live in a
 * sub-manager, as they must in any loop that runs for long.
 */
final class RawDjlLoop implements StepTimer.Stepper, AutoCloseable {
    /** How the loop applies the optimizer. */
    enum Step {
        /** {@code trainer.step()}, as DJL's documentation and {@code EasyTrain} do. */
        TRAINER,
        /**
         * The optimizer applied to each weight and its gradient, as dsml does on one MXNet device
         * (its {@code DirectUpdate}): there, the same arithmetic as dsml, so the gap is dsml's
         * machinery. On other engines dsml uses {@code trainer.step()}, which {@link #TRAINER}
         * matches.
         */
        DIRECT
    }

    /** Distinct pre-made batches the loop cycles through. */
    private static final int DISTINCT_BATCHES = 8;

    /**
     * For attributing dsml's overhead, {@code -Ddsml.bench.raw=sync,upload} makes the raw loop do
     * one thing dsml does: {@code sync} reads the loss every step, {@code upload} copies each
     * step's batch from Java arrays as dsml's data pipeline hands it over.
     */
    private static final String VARIANT = System.getProperty("dsml.bench.raw", "");

    private final Model model;
    private final Trainer trainer;
    private final Runnable update;
    private final NDList[] batches;
    private final Batch[] host;
    private final boolean sync = VARIANT.contains("sync");
    private final boolean upload = VARIANT.contains("upload");
    private long steps;

    private RawDjlLoop(Model model, Trainer trainer, Runnable update, NDList[] batches, Batch[] host) {
        this.model = model;
        this.trainer = trainer;
        this.update = update;
        this.batches = batches;
        this.host = host;
    }

    /**
     * Runs {@code warmup + steps} steps.
     *
     * @return seconds spent in the last {@code steps} steps
     */
    double timed(int warmup, int steps) {
        for (int s = 0; s < warmup; s++) {
            step();
        }
        sync();
        long start = System.nanoTime();
        for (int s = 0; s < steps; s++) {
            step();
        }
        sync();
        return (System.nanoTime() - start) / 1e9;
    }

    /** Sets up the loop on {@code embedder} (uninitialised), ready for {@link #step}. */
    static RawDjlLoop open(
            Block embedder, LabeledImages data, int batchSize, float kappa, float learningRate, long seed, Step step) {
        Engine.getInstance().setRandomSeed((int) seed);
        int dim = (int) embedder.getOutputShapes(new Shape[] {data.shape().batchShape(1)})[0].get(1);
        Model model = Model.newInstance("raw-djl");
        try {
            model.setBlock(embedder);
            NDArray meansT =
                    model.getNDManager().create(unitColumns(dim, data.classes(), seed), new Shape(dim, data.classes()));
            Optimizer adam = Optimizer.adam()
                    .optLearningRateTracker(Tracker.fixed(learningRate))
                    .build();
            DefaultTrainingConfig config = new DefaultTrainingConfig(new FixedMeansVmf(meansT, kappa))
                    .optOptimizer(adam)
                    .optInitializer(new XavierInitializer(), Parameter.Type.WEIGHT)
                    .optDevices(Engine.getInstance().getDevices());
            Trainer trainer = model.newTrainer(config);
            trainer.initialize(data.shape().batchShape(batchSize));
            Batch[] host = hostBatches(data, batchSize, seed);
            NDList[] batches = premade(trainer.getManager(), host, data.shape().batchShape(batchSize));
            Runnable update = step == Step.TRAINER ? trainer::step : directUpdate(trainer, adam);
            return new RawDjlLoop(model, trainer, update, batches, host);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    private static Runnable directUpdate(Trainer trainer, Optimizer optimizer) {
        List<Parameter> trainable = trainer.getModel().getBlock().getParameters().values().stream()
                .filter(Parameter::requiresGradient)
                .toList();
        return () -> {
            for (Parameter parameter : trainable) {
                NDArray weight = parameter.getArray();
                try (NDArray gradient = weight.getGradient()) {
                    optimizer.update(parameter.getId(), weight, gradient);
                }
            }
        };
    }

    /** One training step on the next pre-made batch. */
    @Override
    public void step() {
        int s = (int) (steps++ % batches.length);
        NDList batch = batches[s];
        try (NDManager scope = trainer.getManager().newSubManager()) {
            if (upload) {
                Batch b = host[s % host.length];
                batch = new NDList(scope.create(b.images(), batch.get(0).getShape()), scope.create(b.labels()));
            } else {
                // Borrowed for the step: every intermediate lands in the scope and is freed with it.
                batch.forEach(a -> a.tempAttach(scope));
            }
            try (GradientCollector collector = trainer.newGradientCollector()) {
                NDList predictions = trainer.forward(new NDList(batch.get(0)));
                NDArray loss = trainer.getLoss().evaluate(new NDList(batch.get(1)), predictions);
                collector.backward(loss);
                if (sync) {
                    loss.getFloat();
                }
            }
            update.run();
        }
    }

    /** Waits for every queued update by reading the parameters. */
    void sync() {
        trainer.getModel()
                .getBlock()
                .getParameters()
                .values()
                .forEach(p -> p.getArray().toFloatArray());
    }

    @Override
    public void close() {
        trainer.close();
        model.close();
    }

    private static Batch[] hostBatches(LabeledImages data, int batchSize, long seed) {
        int count = Math.max(1, Math.min(DISTINCT_BATCHES, data.size() / batchSize));
        BatchAssembler assembler = new BatchAssembler(data, false, seed);
        Batch[] batches = new Batch[count];
        for (int b = 0; b < count; b++) {
            int[] indices = new int[batchSize];
            for (int i = 0; i < batchSize; i++) {
                indices[i] = (b * batchSize + i) % data.size();
            }
            batches[b] = assembler.assemble(indices, b);
        }
        return batches;
    }

    private static NDList[] premade(NDManager manager, Batch[] host, Shape shape) {
        NDList[] batches = new NDList[host.length];
        for (int b = 0; b < host.length; b++) {
            batches[b] = new NDList(manager.create(host[b].images(), shape), manager.create(host[b].labels()));
        }
        return batches;
    }

    /** {@code classes} random unit vectors of length {@code dim}, as the columns of [dim, classes]. */
    private static float[] unitColumns(int dim, int classes, long seed) {
        Random random = new Random(seed);
        float[] values = new float[dim * classes];
        for (int c = 0; c < classes; c++) {
            double norm = 0;
            double[] v = new double[dim];
            for (int j = 0; j < dim; j++) {
                v[j] = random.nextGaussian();
                norm += v[j] * v[j];
            }
            for (int j = 0; j < dim; j++) {
                values[j * classes + c] = (float) (v[j] / Math.sqrt(norm));
            }
        }
        return values;
    }

    /** -log softmax(kappa z . mu)[y], batch mean; z are the model's unit embeddings. */
    private static final class FixedMeansVmf extends Loss {
        private final NDArray meansT;
        private final float kappa;

        FixedMeansVmf(NDArray meansT, float kappa) {
            super("vmf-fixed-means");
            this.meansT = meansT;
            this.kappa = kappa;
        }

        @Override
        public NDArray evaluate(NDList labels, NDList predictions) {
            NDArray logits = predictions.head().matMul(meansT).mul(kappa);
            NDIndex pick = new NDIndex().addAllDim().addPickDim(labels.head());
            return logits.logSoftmax(1).get(pick).neg().mean();
        }
    }
}
