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
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.dsml.core.config.TrainingConfig;
import io.dsml.core.data.Batch;
import io.dsml.core.data.BatchAssembler;
import io.dsml.core.data.PrefetchingBatches;
import io.dsml.core.model.TrainingBlock;
import io.dsml.core.spi.LabeledImages;
import io.dsml.core.spi.RefreshableClassState;
import io.dsml.evaluation.Evaluator;
import java.util.ArrayList;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Trains one {@link Cell} with DJL's {@link Trainer}: parameters, optimizer and devices are DJL's;
 * the loop is ours, so that each batch's arrays live in a sub-manager closed after the step, and
 * listeners see dsml's epoch records. A loss with {@link RefreshableClassState} gets the paper's
 * alternating algorithm through {@link ClassStateRefreshListener}.
 */
public final class MetricTrainer {
    static {
        // Before the engine maps its own OpenBLAS: see Evaluator.preloadBlas.
        Evaluator.preloadBlas();
    }

    /** Trains and evaluates the cell. */
    public TrainingOutcome train(Cell cell) {
        Engine.getInstance().setRandomSeed((int) cell.seed());
        LabeledImages train = cell.data().train();
        TrainingConfig config = cell.training();
        TrainingBlock block = new TrainingBlock(cell.embedder(), cell.loss());
        try (Model model = Model.newInstance("dsml");
                Trainer trainer = newTrainer(model, block, config)) {
            Shape imageShape = train.shape().batchShape(config.batchSize());
            trainer.initialize(imageShape, new Shape(config.batchSize()));
            EmbeddingExtractor extractor =
                    new EmbeddingExtractor(cell.embedder(), trainer.getManager(), Math.max(256, config.batchSize()));
            TrainingContext context = new TrainingContext(trainer, cell.embedder(), cell.loss(), train, extractor);
            return new Run(cell, trainer, context).execute();
        }
    }

    private static Trainer newTrainer(Model model, TrainingBlock block, TrainingConfig config) {
        model.setBlock(block);
        DefaultTrainingConfig trainingConfig = new DefaultTrainingConfig(new PrecomputedLoss())
                .optOptimizer(optimizer(config))
                .optInitializer(new XavierInitializer(), Parameter.Type.WEIGHT)
                .optDevices(Engine.getInstance().getDevices());
        return model.newTrainer(trainingConfig);
    }

    static Optimizer optimizer(TrainingConfig config) {
        Tracker rate = Tracker.fixed(config.learningRate().floatValue());
        float decay = config.weightDecay().floatValue();
        return switch (config.optimizer()) {
            case "adam" -> Optimizer.adam().optLearningRateTracker(rate).optWeightDecays(decay).build();
            case "sgd" -> Optimizer.sgd()
                    .setLearningRateTracker(rate)
                    .optMomentum(config.momentum().floatValue())
                    .optWeightDecays(decay)
                    .build();
            default -> throw new IllegalArgumentException("unknown optimizer " + config.optimizer());
        };
    }

    /** The state of one training run. */
    private static final class Run {
        private final Cell cell;
        private final Trainer trainer;
        private final TrainingContext context;
        private final List<TrainingListener> listeners = new ArrayList<>();
        private final CellEvaluator evaluator;
        private long steps;

        Run(Cell cell, Trainer trainer, TrainingContext context) {
            this.cell = cell;
            this.trainer = trainer;
            this.context = context;
            if (cell.loss() instanceof RefreshableClassState state) {
                listeners.add(new ClassStateRefreshListener(state, cell.training().epochs()));
            }
            listeners.addAll(cell.listeners());
            evaluator = new CellEvaluator(cell.evaluation(), cell.classification(), cell.seed());
        }

        TrainingOutcome execute() {
            int epochs = cell.training().epochs();
            List<EpochRecord> records = new ArrayList<>();
            Map<String, Double> lastMetrics = Map.of();
            long start = System.nanoTime();
            listeners.forEach(l -> l.onTrainingBegin(context));
            double trainSeconds = seconds(start);
            for (int epoch = 1; epoch <= epochs; epoch++) {
                long epochStart = System.nanoTime();
                double meanLoss = trainEpoch(epoch);
                Map<String, Double> extras = new LinkedHashMap<>();
                for (TrainingListener l : listeners) {
                    l.onEpochTrained(context, epoch, extras);
                }
                double epochTrain = seconds(epochStart);
                trainSeconds += epochTrain;
                long evalStart = System.nanoTime();
                Map<String, Double> metrics = new LinkedHashMap<>();
                if (evaluator.dueAfter(epoch, epochs)) {
                    lastMetrics = evaluator.evaluate(context.extractor(), cell.loss(), cell.data().test());
                    metrics.putAll(lastMetrics);
                }
                double evalSeconds = metrics.isEmpty() ? 0 : seconds(evalStart);
                metrics.putAll(extras);
                EpochRecord record = new EpochRecord(epoch, steps, meanLoss, epochTrain, evalSeconds, metrics);
                records.add(record);
                listeners.forEach(l -> l.onEpochEnd(context, record));
            }
            listeners.forEach(l -> l.onTrainingEnd(context));
            return new TrainingOutcome(records, lastMetrics, trainSeconds);
        }

        private double trainEpoch(int epoch) {
            TrainingConfig config = cell.training();
            List<int[]> batches = cell.sampler().epoch(new Random(cell.seed() * 1_000_003L + epoch));
            if (config.maxStepsPerEpoch() > 0 && batches.size() > config.maxStepsPerEpoch()) {
                batches = batches.subList(0, config.maxStepsPerEpoch());
            }
            BatchAssembler assembler = new BatchAssembler(cell.data().train(), config.augment(), cell.seed());
            double lossSum = 0;
            int count = 0;
            try (PrefetchingBatches iterator = new PrefetchingBatches(assembler, batches, (long) epoch << 32)) {
                while (iterator.hasNext()) {
                    float loss = step(iterator.next());
                    if (!Float.isFinite(loss)) {
                        throw new DivergenceException(
                                "loss became " + loss + " at epoch " + epoch + ", step " + (steps + 1));
                    }
                    steps++;
                    lossSum += loss;
                    count++;
                    for (TrainingListener l : listeners) {
                        l.onBatchEnd(context, epoch, steps, loss);
                    }
                }
            }
            return count == 0 ? Double.NaN : lossSum / count;
        }

        /** One optimizer step; every array of the batch is freed with its sub-manager. */
        private float step(Batch batch) {
            Device[] devices = trainer.getDevices();
            try (NDManager scope = trainer.getManager().newSubManager()) {
                NDArray images = scope.create(batch.images(), context.trainingData().shape().batchShape(batch.size()));
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
                trainer.step();
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
                        imageParts.get(i).toDevice(devices[i], false), labelParts.get(i).toDevice(devices[i], false)));
            }
            return shards;
        }

        private static double seconds(long since) {
            return (System.nanoTime() - since) / 1e9;
        }
    }

}
