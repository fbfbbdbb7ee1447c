package io.dsml.core.train;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.initializer.XavierInitializer;
import io.dsml.core.config.TrainingConfig;
import io.dsml.core.data.Batch;
import io.dsml.core.data.BatchAssembler;
import io.dsml.core.data.PrefetchingBatches;
import io.dsml.core.model.TrainingBlock;
import io.dsml.core.spi.LabeledImages;
import io.dsml.core.spi.RefreshableClassState;
import io.dsml.core.train.optim.ResumableAdam;
import io.dsml.core.train.optim.ResumableOptimizer;
import io.dsml.core.train.optim.ResumableSgd;
import io.dsml.evaluation.Evaluator;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Trains one {@link Cell} with DJL's {@link Trainer}: parameters, gradients and devices are DJL's;
 * the loop is ours, so that each batch's arrays live in a sub-manager closed after the step,
 * listeners see dsml's epoch records, and the run can be checkpointed and resumed exactly. A loss
 * with {@link RefreshableClassState} gets the paper's alternating algorithm through {@link
 * ClassStateRefreshListener}.
 */
public final class MetricTrainer {
    /**
     * The weights that get Xavier initialisation: those that declare no initialiser of their own.
     * Losses that declare one (proxies, vMF means, centres) keep it, as their definitions say.
     */
    public static final java.util.function.Predicate<Parameter> WEIGHTS_WITHOUT_INITIALIZER =
            p -> p.getType() == Parameter.Type.WEIGHT && p.getInitializer() == null;

    static {
        // Before the engine maps its own OpenBLAS: see Evaluator.preloadBlas.
        Evaluator.preloadBlas();
    }

    /** Trains and evaluates the cell, continuing from its checkpoint if one exists. */
    public TrainingOutcome train(Cell cell) {
        Engine.getInstance().setRandomSeed((int) cell.seed());
        LabeledImages train = cell.data().train();
        TrainingConfig config = cell.training();
        TrainingBlock block = new TrainingBlock(cell.embedder(), cell.loss());
        ResumableOptimizer optimizer = optimizer(config);
        Device[] devices = TrainingDevices.current();
        try (ResumableOptimizer closing = optimizer;
                Model model = Model.newInstance("dsml", devices[0]);
                Trainer trainer = newTrainer(model, block, optimizer, devices)) {
            Shape[] shapes = {train.shape().batchShape(config.batchSize()), new Shape(config.batchSize())};
            Checkpoint.Position resumedAt = cell.checkpoint() != null && Files.exists(cell.checkpoint())
                    ? initializeFromCheckpoint(trainer, block, optimizer, cell.checkpoint(), shapes)
                    : null;
            if (resumedAt == null) {
                trainer.initialize(shapes);
            }
            EmbeddingExtractor extractor =
                    new EmbeddingExtractor(cell.embedder(), trainer.getManager(), inferenceBatch(trainer, config));
            TrainingContext context = new TrainingContext(trainer, cell.embedder(), cell.loss(), train, extractor);
            return new Run(cell, trainer, context, optimizer, resumedAt).execute();
        }
    }

    /**
     * Initialises the block, writes the checkpoint's values into it, and only then lets the trainer
     * set up its parameter store, so that the store's arrays (which the optimizer updates) are the
     * restored ones. Loading after {@code trainer.initialize} left the store on the initial values.
     *
     * @return where the checkpoint stands
     */
    static Checkpoint.Position initializeFromCheckpoint(
            Trainer trainer,
            TrainingBlock block,
            ResumableOptimizer optimizer,
            java.nio.file.Path checkpoint,
            Shape... shapes) {
        block.initialize(trainer.getModel().getNDManager(), DataType.FLOAT32, shapes);
        Checkpoint.Position position =
                Checkpoint.load(checkpoint, block, optimizer, block.loss(), trainer.getManager());
        trainer.initialize(shapes);
        return position;
    }

    /**
     * Batch size of refresh and evaluation passes. On CPU the training batch: activations of a
     * size the caches already hold, a shape the engine is set up for (see EmbeddingExtractor).
     * On GPUs at least 256, to fill the device (not measured here: no GPU was available).
     */
    static int inferenceBatch(Trainer trainer, TrainingConfig config) {
        boolean gpu = Arrays.stream(trainer.getDevices()).anyMatch(Device::isGpu);
        return gpu ? Math.max(256, config.batchSize()) : config.batchSize();
    }

    private static Trainer newTrainer(
            Model model, TrainingBlock block, ResumableOptimizer optimizer, Device[] devices) {
        model.setBlock(block);
        DefaultTrainingConfig trainingConfig = new DefaultTrainingConfig(new PrecomputedLoss())
                .optOptimizer(optimizer)
                .optInitializer(new XavierInitializer(), WEIGHTS_WITHOUT_INITIALIZER)
                .optDevices(devices);
        return model.newTrainer(trainingConfig);
    }

    static ResumableOptimizer optimizer(TrainingConfig config) {
        float rate = config.learningRate().floatValue();
        float decay = config.weightDecay().floatValue();
        return switch (config.optimizer()) {
            case "adam" -> new ResumableAdam(rate, decay);
            case "sgd" -> new ResumableSgd(rate, config.momentum().floatValue(), decay);
            default -> throw new IllegalArgumentException("unknown optimizer " + config.optimizer());
        };
    }

    /** The state of one training run. */
    private static final class Run {
        private final Cell cell;
        private final Trainer trainer;
        private final TrainingContext context;
        private final TrainingBlock block;
        private final ResumableOptimizer optimizer;
        private final boolean resumed;
        private final List<TrainingListener> listeners = new ArrayList<>();
        private final CellEvaluator evaluator;
        private final DirectUpdate directUpdate;
        private final HostUpload upload = new HostUpload();
        private Checkpoint.Position position = new Checkpoint.Position(0, 0, 0, 0, 0, 0, Map.of());

        Run(
                Cell cell,
                Trainer trainer,
                TrainingContext context,
                ResumableOptimizer optimizer,
                Checkpoint.Position resumedAt) {
            this.cell = cell;
            this.trainer = trainer;
            this.context = context;
            this.block = (TrainingBlock) trainer.getModel().getBlock();
            this.optimizer = optimizer;
            this.resumed = resumedAt != null;
            if (resumedAt != null) {
                position = resumedAt;
            }
            if (cell.loss() instanceof RefreshableClassState state) {
                listeners.add(
                        new ClassStateRefreshListener(state, cell.training().epochs(), cell.seed()));
            }
            // Before the cell's listeners, so what they see of memory at an epoch's end is trimmed.
            listeners.add(new NativeHeapTrimmer());
            listeners.addAll(cell.listeners());
            evaluator = new CellEvaluator(cell.evaluation(), cell.classification(), cell.seed());
            directUpdate = DirectUpdate.of(trainer, optimizer);
        }

        TrainingOutcome execute() {
            int epochs = cell.training().epochs();
            List<EpochRecord> records = new ArrayList<>();
            long start = System.nanoTime();
            if (resumed) {
                listeners.forEach(l -> l.onTrainingResumed(context, position.epochsDone()));
            } else {
                listeners.forEach(l -> l.onTrainingBegin(context));
            }
            double trainSeconds = position.trainSeconds() + seconds(start);
            Map<String, Double> lastMetrics = position.lastMetrics();
            io.dsml.evaluation.EmbeddingSet testEmbeddings = null;
            for (int epoch = position.epochsDone() + 1; epoch <= epochs; epoch++) {
                long epochStart = System.nanoTime();
                double meanLoss = trainEpoch(epoch, trainSeconds);
                Map<String, Double> extras = new LinkedHashMap<>();
                for (TrainingListener l : listeners) {
                    l.onEpochTrained(context, epoch, extras);
                }
                double epochTrain = seconds(epochStart);
                trainSeconds += epochTrain;
                long evalStart = System.nanoTime();
                Map<String, Double> metrics = new LinkedHashMap<>();
                if (evaluator.dueAfter(epoch, epochs)) {
                    CellEvaluator.Evaluation evaluation = evaluator.evaluate(
                            context.extractor(), cell.loss(), cell.data().test());
                    lastMetrics = evaluation.metrics();
                    testEmbeddings = evaluation.embeddings();
                    metrics.putAll(lastMetrics);
                }
                double evalSeconds = metrics.isEmpty() ? 0 : seconds(evalStart);
                metrics.putAll(extras);
                EpochRecord record =
                        new EpochRecord(epoch, position.steps(), meanLoss, epochTrain, evalSeconds, metrics);
                records.add(record);
                // Log first, then checkpoint: a kill in between redoes the epoch's log line on
                // resume (extra lines are trimmed) instead of losing it.
                listeners.forEach(l -> l.onEpochEnd(context, record));
                position = new Checkpoint.Position(epoch, 0, position.steps(), 0, 0, trainSeconds, lastMetrics);
                saveCheckpoint();
            }
            if (testEmbeddings == null) {
                // resumed after the last evaluation: measure the restored final network again
                CellEvaluator.Evaluation evaluation = evaluator.evaluate(
                        context.extractor(), cell.loss(), cell.data().test());
                lastMetrics = evaluation.metrics();
                testEmbeddings = evaluation.embeddings();
            }
            listeners.forEach(l -> l.onTrainingEnd(context));
            return new TrainingOutcome(records, lastMetrics, trainSeconds, testEmbeddings);
        }

        /** Trains one epoch from the position's step; returns the epoch's mean step loss. */
        private double trainEpoch(int epoch, double trainSecondsBefore) {
            TrainingConfig config = cell.training();
            List<int[]> batches = cell.sampler().epoch(new Random(cell.seed() * 1_000_003L + epoch));
            if (config.maxStepsPerEpoch() > 0 && batches.size() > config.maxStepsPerEpoch()) {
                batches = batches.subList(0, config.maxStepsPerEpoch());
            }
            int done = position.stepsInEpoch();
            double lossSum = position.epochLossSum();
            int count = position.epochLossCount();
            long epochStart = System.nanoTime();
            for (TrainingListener l : listeners) {
                l.onEpochBegin(context, epoch, batches.size(), done);
            }
            BatchAssembler assembler = new BatchAssembler(cell.data().train(), config.augment(), cell.seed());
            try (PrefetchingBatches iterator = new PrefetchingBatches(
                    assembler, batches.subList(done, batches.size()), ((long) epoch << 32) + done)) {
                while (iterator.hasNext()) {
                    float loss = step(iterator.next());
                    long steps = position.steps() + 1;
                    if (!Float.isFinite(loss)) {
                        throw new DivergenceException("loss became " + loss + " at epoch " + epoch + ", step " + steps);
                    }
                    lossSum += loss;
                    count++;
                    done++;
                    position = new Checkpoint.Position(
                            epoch - 1,
                            done,
                            steps,
                            lossSum,
                            count,
                            trainSecondsBefore + seconds(epochStart),
                            position.lastMetrics());
                    for (TrainingListener l : listeners) {
                        l.onBatchEnd(context, epoch, steps, loss);
                    }
                    int every = config.checkpointEverySteps();
                    if (every > 0 && steps % every == 0 && done < batches.size()) {
                        saveCheckpoint();
                    }
                }
            }
            return count == 0 ? Double.NaN : lossSum / count;
        }

        private void saveCheckpoint() {
            if (cell.checkpoint() != null) {
                Checkpoint.save(cell.checkpoint(), position, block, optimizer, cell.loss());
            }
        }

        /** One optimizer step; every array of the batch is freed with its sub-manager. */
        private float step(Batch batch) {
            Device[] devices = trainer.getDevices();
            try (NDManager scope = trainer.getManager().newSubManager()) {
                NDArray images = upload.floats(
                        scope, batch.images(), context.trainingData().shape().batchShape(batch.size()));
                NDArray labels = scope.create(batch.labels()).toType(DataType.INT32, false);
                float total = 0;
                try (GradientCollector collector = trainer.newGradientCollector()) {
                    List<NDList> shards = shard(images, labels, devices);
                    for (NDList shard : shards) {
                        NDArray loss = trainer.forward(shard).head();
                        float weight = (float) shard.head().getShape().get(0) / batch.size();
                        collector.backward(shards.size() == 1 ? loss : loss.mul(weight));
                        total += loss.getFloat() * weight;
                    }
                }
                if (directUpdate != null) {
                    directUpdate.step();
                } else {
                    trainer.step();
                }
                return total;
            }
        }

        private static List<NDList> shard(NDArray images, NDArray labels, Device[] devices) {
            if (devices.length == 1) {
                return List.of(new NDList(images.toDevice(devices[0], false), labels.toDevice(devices[0], false)));
            }
            long n = images.getShape().get(0);
            long[] cuts = new long[devices.length - 1];
            for (int i = 1; i < devices.length; i++) {
                cuts[i - 1] = n * i / devices.length;
            }
            NDList imageParts = images.split(cuts);
            NDList labelParts = labels.split(cuts);
            List<NDList> shards = new ArrayList<>();
            for (int i = 0; i < devices.length; i++) {
                shards.add(new NDList(
                        imageParts.get(i).toDevice(devices[i], false),
                        labelParts.get(i).toDevice(devices[i], false)));
            }
            return shards;
        }

        private static double seconds(long since) {
            return (System.nanoTime() - since) / 1e9;
        }
    }
}
