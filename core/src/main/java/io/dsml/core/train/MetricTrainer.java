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
import io.dsml.core.engine.NativeLibraries;
import io.dsml.core.model.TrainingBlock;
import io.dsml.core.spi.LabeledImages;
import io.dsml.core.spi.RefreshPeriod;
import io.dsml.core.spi.RefreshableClassState;
import io.dsml.core.train.optim.LearningRateSchedule;
import io.dsml.core.train.optim.LearningRates;
import io.dsml.core.train.optim.ResumableAdam;
import io.dsml.core.train.optim.ResumableOptimizer;
import io.dsml.core.train.optim.ResumableSgd;
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

    private final Cancellation cancellation;

    /** A trainer whose runs nobody cancels. */
    public MetricTrainer() {
        this(new Cancellation());
    }

    /** A trainer whose runs stop cleanly when {@code cancellation} is requested. */
    public MetricTrainer(Cancellation cancellation) {
        this.cancellation = cancellation;
    }

    /** Trains and evaluates the cell, continuing from its checkpoint if one exists. */
    public TrainingOutcome train(Cell cell) {
        NativeLibraries.initialise(); // in case no entry point did: before the engine starts
        Engine.getInstance().setRandomSeed((int) cell.seed());
        TrainingBlock block = new TrainingBlock(cell.embedder(), cell.loss());
        ResumableOptimizer optimizer = optimizer(cell.training(), stepsPerEpoch(cell));
        cancellation.enterTraining();
        boolean stopped = false;
        try {
            return trainInEngine(cell, block, optimizer, cancellation);
        } catch (TrainingStoppedException e) {
            stopped = true;
            throw e;
        } finally {
            cancellation.exitTraining(stopped); // after every array of the run is closed
        }
    }

    private static TrainingOutcome trainInEngine(
            Cell cell, TrainingBlock block, ResumableOptimizer optimizer, Cancellation cancellation) {
        LabeledImages train = cell.data().train();
        TrainingConfig config = cell.training();
        TrainingDevices devices = devices(config);
        try (ResumableOptimizer closing = optimizer;
                Model model = Model.newInstance("dsml", devices.primary());
                Trainer trainer = newTrainer(model, block, optimizer, devices.primary())) {
            Shape[] shapes = {train.shape().batchShape(config.batchSize()), new Shape(config.batchSize())};
            Checkpoint.Position resumedAt = cell.checkpoint() != null && Files.exists(cell.checkpoint())
                    ? initializeFromCheckpoint(trainer, block, optimizer, cell.checkpoint(), cell.owner(), shapes)
                    : null;
            if (resumedAt == null) {
                trainer.initialize(shapes);
            }
            optimizer.rates().assign(ParameterGroups.of(block));
            PassWatch passes = new PassWatch(cancellation);
            EmbeddingExtractor extractor = new EmbeddingExtractor(
                    cell.embedder(), trainer.getManager(), inferenceBatch(trainer, config), passes);
            TrainingContext context = new TrainingContext(trainer, cell.embedder(), cell.loss(), train, extractor);
            Run run = new Run(cell, trainer, context, optimizer, resumedAt, devices, cancellation);
            passes.reportTo(run.listeners, context);
            return run.execute();
        }
    }

    /** {@code training.devices}, checked against the batch size: every replica needs a sample. */
    static TrainingDevices devices(TrainingConfig config) {
        TrainingDevices devices = TrainingDevices.resolve(config.devices());
        if (config.batchSize() < devices.count()) {
            throw new io.dsml.core.error.DsmlException("training.batch_size: " + config.batchSize()
                    + " samples cannot be split over " + devices.count() + " devices (" + devices + ")");
        }
        return devices;
    }

    /**
     * Initialises the block, writes the checkpoint's values into it, and only then lets the trainer
     * set up its parameter store, so that the store's arrays (which the optimizer updates) are the
     * restored ones. Loading after {@code trainer.initialize} left the store on the initial values.
     *
     * @param owner the cell that resumes: a checkpoint of another cell is refused ({@code null}: any)
     * @return where the checkpoint stands
     */
    static Checkpoint.Position initializeFromCheckpoint(
            Trainer trainer,
            TrainingBlock block,
            ResumableOptimizer optimizer,
            java.nio.file.Path checkpoint,
            Checkpoint.Owner owner,
            Shape... shapes) {
        block.initialize(trainer.getModel().getNDManager(), DataType.FLOAT32, shapes);
        Checkpoint.Position position =
                Checkpoint.load(checkpoint, owner, block, optimizer, block.loss(), trainer.getManager());
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

    /**
     * DJL's trainer on the first device only: with several devices, {@link DataParallelStep} keeps
     * the other replicas itself (DJL's multi-device parameter store would advance the optimizer's
     * step count once per device and keep one set of moments per device).
     */
    private static Trainer newTrainer(Model model, TrainingBlock block, ResumableOptimizer optimizer, Device device) {
        model.setBlock(block);
        DefaultTrainingConfig trainingConfig = new DefaultTrainingConfig(new PrecomputedLoss())
                .optOptimizer(optimizer)
                .optInitializer(new XavierInitializer(), WEIGHTS_WITHOUT_INITIALIZER)
                .optDevices(new Device[] {device});
        return model.newTrainer(trainingConfig);
    }

    /**
     * The cell's optimizer with its learning-rate policy: schedule, per-group multipliers and the
     * head-only warm-up, all functions of the global step.
     */
    static ResumableOptimizer optimizer(TrainingConfig config, long stepsPerEpoch) {
        float decay = (float) config.weightDecay();
        LearningRates rates = learningRates(config, stepsPerEpoch);
        return switch (config.optimizer()) {
            case ADAM -> new ResumableAdam(rates, decay, false);
            case ADAMW -> new ResumableAdam(rates, decay, true);
            case SGD -> new ResumableSgd(rates, (float) config.momentum(), decay);
        };
    }

    static LearningRates learningRates(TrainingConfig config, long stepsPerEpoch) {
        Map<LearningRates.Group, Double> multipliers = new java.util.EnumMap<>(LearningRates.Group.class);
        for (LearningRates.Group group : LearningRates.Group.values()) {
            Double factor = config.lrMultipliers().get(group.key());
            if (factor != null) {
                multipliers.put(group, factor);
            }
        }
        LearningRateSchedule schedule =
                new LearningRateSchedule(config.schedule(), stepsPerEpoch, stepsPerEpoch * config.epochs());
        return new LearningRates(
                (float) config.learningRate(), schedule, multipliers, stepsPerEpoch * config.headOnlyEpochs());
    }

    /**
     * Optimizer steps per epoch: the sampler's batches, capped by {@code max_steps_per_epoch}. The
     * samplers dsml ships give the same count every epoch.
     */
    static long stepsPerEpoch(Cell cell) {
        int batches =
                cell.sampler().epoch(new Random(cell.seed() * 1_000_003L + 1)).size();
        int cap = cell.training().maxStepsPerEpoch();
        return Math.max(1, cap > 0 ? Math.min(cap, batches) : batches);
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
        /** Several devices: the data-parallel step; {@code null} on one device. */
        private final DataParallelStep dataParallel;

        private final HostUpload upload = new HostUpload();
        private final Cancellation cancellation;
        private Checkpoint.Position position = new Checkpoint.Position(0, 0, 0, 0, 0, 0, Map.of());
        /** The position the cell's checkpoint file holds, or {@code null} while it has none. */
        private Checkpoint.Position saved;

        Run(
                Cell cell,
                Trainer trainer,
                TrainingContext context,
                ResumableOptimizer optimizer,
                Checkpoint.Position resumedAt,
                TrainingDevices devices,
                Cancellation cancellation) {
            this.cell = cell;
            this.cancellation = cancellation;
            this.trainer = trainer;
            this.context = context;
            this.block = (TrainingBlock) trainer.getModel().getBlock();
            this.optimizer = optimizer;
            this.resumed = resumedAt != null;
            if (resumedAt != null) {
                position = resumedAt;
                saved = resumedAt;
            }
            if (cell.loss() instanceof RefreshableClassState state) {
                listeners.add(
                        new ClassStateRefreshListener(state, cell.training().epochs(), cell.seed()));
            }
            // Before the cell's listeners, so what they see of memory at an epoch's end is trimmed.
            listeners.add(new NativeHeapTrimmer());
            listeners.addAll(cell.listeners());
            evaluator = new CellEvaluator(cell.evaluation(), cell.classification(), cell.seed());
            if (cell.evaluation().measureTest()) {
                evaluator.requireDefinedOn(cell.data().test());
            }
            directUpdate = DirectUpdate.of(trainer, optimizer);
            // after initialisation or restore: the replicas copy the parameters' current values
            dataParallel =
                    devices.count() > 1 ? new DataParallelStep(block, optimizer, devices, trainer.getManager()) : null;
        }

        TrainingOutcome execute() {
            try {
                return trainAndEvaluate();
            } catch (PassWatch.PassStoppedException e) {
                // The pass's work is lost; the checkpoint is a position a resume replays exactly.
                throw new TrainingStoppedException(e.getMessage() + " in epoch " + (position.epochsDone() + 1)
                        + (saved == null || cell.checkpoint() == null
                                ? "; no checkpoint was made yet, so a resume starts the cell from its beginning"
                                : "; the checkpoint holds epoch " + (saved.epochsDone() + 1) + " after step "
                                        + saved.stepsInEpoch() + " of it, where a resume continues"));
            }
        }

        private TrainingOutcome trainAndEvaluate() {
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
            CellEvaluator.Evaluation lastEvaluation = null;
            for (int epoch = position.epochsDone() + 1; epoch <= epochs; epoch++) {
                long epochStart = System.nanoTime();
                double meanLoss = trainEpoch(epoch, trainSeconds);
                WeightCheck.requireFinite(block, trainer.getManager(), epoch);
                Map<String, Double> extras = new LinkedHashMap<>();
                for (TrainingListener l : listeners) {
                    l.onEpochTrained(context, epoch, extras);
                }
                double epochTrain = seconds(epochStart);
                trainSeconds += epochTrain;
                long evalStart = System.nanoTime();
                Map<String, Double> metrics = new LinkedHashMap<>();
                if (evaluator.dueAfter(epoch, epochs)) {
                    CellEvaluator.Evaluation evaluation = measuresTest() ? evaluateTest() : null;
                    if (evaluation != null) {
                        lastMetrics = evaluation.metrics();
                        testEmbeddings = evaluation.embeddings();
                        lastEvaluation = evaluation;
                        metrics.putAll(lastMetrics);
                    }
                    if (cell.validation() != null) {
                        metrics.putAll(evaluator.validate(context.extractor(), cell.validation()));
                    }
                    int evaluated = epoch;
                    if (evaluation != null) {
                        listeners.forEach(l -> l.onTestEvaluated(
                                context,
                                evaluated,
                                evaluation.embeddings(),
                                evaluation.logits(),
                                evaluation.classes()));
                    }
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
                if (cancellation.requested() && epoch < epochs) {
                    throw stopped(epoch + 1, 0);
                }
            }
            if (testEmbeddings == null && measuresTest()) {
                // resumed after the last evaluation: measure the restored final network again
                CellEvaluator.Evaluation evaluation = evaluateTest();
                lastMetrics = evaluation.metrics();
                testEmbeddings = evaluation.embeddings();
                lastEvaluation = evaluation;
            }
            listeners.forEach(l -> l.onTrainingEnd(context));
            return new TrainingOutcome(
                    records,
                    lastMetrics,
                    trainSeconds,
                    testEmbeddings,
                    lastEvaluation == null ? null : lastEvaluation.logits(),
                    lastEvaluation == null ? 0 : lastEvaluation.classes());
        }

        /**
         * Whether the cell is measured on the test split: not in a run that only chooses among
         * configurations ({@code evaluation.measure_test: false}), which sees the held-out training
         * classes alone.
         */
        private boolean measuresTest() {
            return cell.evaluation().measureTest();
        }

        private CellEvaluator.Evaluation evaluateTest() {
            return evaluator.evaluate(
                    context.extractor(), cell.loss(), cell.data().test());
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
                    if (RefreshPeriod.isEvenPoint(cell.evaluation().probesPerEpoch(), done, batches.size())) {
                        probe(epoch, steps, done, batches.size());
                    }
                    int every = config.checkpointEverySteps();
                    if (every > 0 && steps % every == 0 && done < batches.size()) {
                        saveCheckpoint();
                    }
                    if (cancellation.requested() && done < batches.size()) {
                        saveCheckpoint(); // exactly this position: resuming loses no step
                        throw stopped(epoch, done);
                    }
                }
            }
            return count == 0 ? Double.NaN : lossSum / count;
        }

        /** Measures the test split now, for {@link TrainingListener#onProbe}; training is untouched. */
        private void probe(int epoch, long step, int stepInEpoch, int stepsInEpoch) {
            Map<String, Double> values = new LinkedHashMap<>(evaluateTest().metrics());
            if (cell.loss() instanceof RefreshableClassState state) {
                values.putAll(state.diagnostics());
            }
            for (TrainingListener l : listeners) {
                l.onProbe(context, epoch, step, stepInEpoch, stepsInEpoch, values);
            }
        }

        private TrainingStoppedException stopped(int epoch, int stepsInEpoch) {
            return new TrainingStoppedException("stopped by a signal in epoch " + epoch + " after step " + stepsInEpoch
                    + " of it" + (cell.checkpoint() != null ? "; the checkpoint holds this position" : ""));
        }

        private void saveCheckpoint() {
            if (cell.checkpoint() != null) {
                Checkpoint.save(cell.checkpoint(), cell.owner(), position, block, optimizer, cell.loss());
                saved = position;
            }
        }

        /** One optimizer step; every array of the batch is freed with its sub-manager. */
        private float step(Batch batch) {
            try (NDManager scope = trainer.getManager().newSubManager()) {
                NDArray images = upload.floats(
                        scope, batch.images(), context.trainingData().shape().batchShape(batch.size()));
                NDArray labels = scope.create(batch.labels()).toType(DataType.INT32, false);
                // The schedule, group rates and head-only warm-up read the global step.
                optimizer.rates().atStep(position.steps() + 1);
                if (dataParallel != null) {
                    return dataParallel.step(trainer, scope, images, labels);
                }
                float loss;
                try (GradientCollector collector = trainer.newGradientCollector()) {
                    NDArray value = trainer.forward(new NDList(images, labels)).head();
                    collector.backward(value);
                    loss = value.getFloat();
                }
                if (directUpdate != null) {
                    directUpdate.step();
                } else {
                    trainer.step();
                }
                return loss;
            }
        }

        private static double seconds(long since) {
            return (System.nanoTime() - since) / 1e9;
        }
    }
}
