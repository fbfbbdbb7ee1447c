package io.dsml.losses.pair;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import io.dsml.core.error.DsmlException;
import io.dsml.core.params.Params;
import io.dsml.core.spi.LossFactory;
import io.dsml.core.spi.MetricLoss;
import io.dsml.losses.miners.Miners;
import io.dsml.losses.testing.CrossBatchSteps;
import io.dsml.losses.testing.CrossBatchSteps.Step;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The cross-batch memory ({@code memory_size}) as loss state: a checkpoint taken between any two
 * steps resumes the same sequence of losses and gradients, old states of losses without memory
 * still load, and the gradient with respect to the batch (the queue being a constant) matches
 * finite differences. {@code CrossBatchMemoryPmlTest} checks the values against PML's wrapper.
 */
class CrossBatchMemoryTest {
    private static final int MEMORY = 16;
    private static final int BATCHES = 7;

    static Stream<Arguments> losses() {
        return Stream.of(
                Arguments.of("contrastive", new ContrastiveLossFactory(), Map.of("neg_margin", 1.2)),
                Arguments.of(
                        "triplet/batch-hard", new TripletLossFactory(), Map.of("margin", 0.3, "miner", "batch-hard")),
                Arguments.of(
                        "triplet/semi-hard",
                        new TripletLossFactory(),
                        Map.of("margin", 0.3, "miner", "semi-hard", "miner_margin", 0.5)),
                Arguments.of("multi-similarity", new MultiSimilarityLossFactory(), Map.of("beta", 10, "epsilon", 0.5)),
                Arguments.of("lifted-structure", new LiftedStructureLossFactory(), Map.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("losses")
    void aCheckpointBetweenAnyTwoStepsResumesTheSameLosses(String name, LossFactory factory, Map<String, Object> own)
            throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            Step[] uninterrupted = train(create(factory, own, MEMORY), manager, 0, BATCHES);
            // before the queue is full (1), when it has just wrapped (3) and well after (5)
            for (int stop : new int[] {1, 3, 5}) {
                MetricLoss first = create(factory, own, MEMORY);
                train(first, manager, 0, stop);
                MetricLoss resumed = create(factory, own, MEMORY);
                restore(resumed, save(first));
                Step[] continued = train(resumed, manager, stop, BATCHES);
                for (int b = stop; b < BATCHES; b++) {
                    assertThat(continued[b - stop])
                            .as("%s resumed after %d steps, batch %d", name, stop, b)
                            .isEqualTo(uninterrupted[b]);
                }
            }
            // the restored queue is what makes the difference: a fresh loss continues differently
            Step[] fresh = train(create(factory, own, MEMORY), manager, 3, BATCHES);
            assertThat(fresh).isNotEqualTo(java.util.Arrays.copyOfRange(uninterrupted, 3, BATCHES));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("losses")
    void gradientAgainstTheQueueMatchesFiniteDifferences(String name, LossFactory factory, Map<String, Object> own) {
        PairBasedLoss loss = (PairBasedLoss) create(factory, own, MEMORY);
        int last = 4;
        try (NDManager manager = NDManager.newBaseManager()) {
            CrossBatchMemory memory = new CrossBatchMemory(MEMORY);
            for (int b = 0; b < last; b++) {
                memory.enqueue(batch(manager, b), manager.create(CrossBatchSteps.labels(b)));
            }
            float[] e = CrossBatchSteps.embeddings(last);
            NDArray labels = manager.create(CrossBatchSteps.labels(last));
            CrossBatchMemory.Window window = memory.enqueue(manager.create(e, shape()), labels);
            NDArray anchors = manager.create(e, shape());
            anchors.setRequiresGradient(true);
            float[] gradient;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                collector.backward(loss.lossAgainst(anchors, labels, window));
                gradient = anchors.getGradient().toFloatArray();
            }
            double h = 1e-3; // at 1e-2 a triplet crosses the semi-hard band's edge (a kink)
            for (int k = 0; k < e.length; k++) {
                float[] plus = e.clone();
                float[] minus = e.clone();
                plus[k] += (float) h;
                minus[k] -= (float) h;
                double up = loss.lossAgainst(manager.create(plus, shape()), labels, window)
                        .getFloat();
                double down = loss.lossAgainst(manager.create(minus, shape()), labels, window)
                        .getFloat();
                assertThat((double) gradient[k])
                        .as("%s dL/dE[%d]", name, k)
                        .isCloseTo((up - down) / (2 * h), within(1e-3));
            }
        }
    }

    @Test
    void validationPassesLeaveTheQueueAlone() throws IOException {
        ContrastiveLossFactory factory = new ContrastiveLossFactory();
        try (NDManager manager = NDManager.newBaseManager()) {
            Step[] uninterrupted = train(create(factory, Map.of(), MEMORY), manager, 0, 4);
            MetricLoss loss = create(factory, Map.of(), MEMORY);
            train(loss, manager, 0, 2);
            byte[] before = save(loss);
            float validation = evaluate(loss, manager, 5);
            assertThat(save(loss)).as("queue after a validation pass").isEqualTo(before);
            MetricLoss withoutMemory = create(factory, Map.of(), 0);
            CrossBatchSteps.initialize(withoutMemory, manager);
            assertThat(validation)
                    .as("a validation pass is the in-batch loss")
                    .isEqualTo(evaluate(withoutMemory, manager, 5));
            assertThat(train(loss, manager, 2, 4)).containsExactly(uninterrupted[2], uninterrupted[3]);
        }
    }

    @Test
    void theFirstBatchAgainstItsOwnCopiesHasTheInBatchValue() {
        // PML: the queue holds only the batch, and each sample's own copy is no positive
        TripletLossFactory factory = new TripletLossFactory();
        try (NDManager manager = NDManager.newBaseManager()) {
            Step withMemory = train(create(factory, Map.of(), MEMORY), manager, 0, 1)[0];
            Step inBatch = train(create(factory, Map.of(), 0), manager, 0, 1)[0];
            assertThat(withMemory.loss()).isCloseTo(inBatch.loss(), within(1e-6f));
        }
    }

    @Test
    void lossesWithoutMemoryStillReadTheEmptyStateOfOldCheckpoints() throws IOException {
        MetricLoss loss = create(new TripletLossFactory(), Map.of(), 0);
        restore(loss, new byte[] {0, 0, 0, 0});
        assertThat(save(loss)).containsExactly(0, 0, 0, 0);
    }

    @Test
    void aMemoryRefusesAStateWithoutItsQueue() {
        MetricLoss loss = create(new TripletLossFactory(), Map.of(), MEMORY);
        assertThatThrownBy(() -> restore(loss, new byte[] {0, 0, 0, 0}))
                .isInstanceOf(IOException.class)
                .hasMessage("the checkpoint holds no cross-batch memory (memory_size 16)");
    }

    @Test
    void aMemoryRefusesTheQueueOfAnotherSize() throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            MetricLoss small = create(new TripletLossFactory(), Map.of(), 8);
            train(small, manager, 0, 2);
            byte[] state = save(small);
            assertThatThrownBy(() -> restore(create(new TripletLossFactory(), Map.of(), MEMORY), state))
                    .isInstanceOf(IOException.class)
                    .hasMessage("the checkpoint's cross-batch memory has memory_size 8, not 16");
        }
    }

    @Test
    void anUnusedMemoryRoundTrips() throws IOException {
        MetricLoss loss = create(new ContrastiveLossFactory(), Map.of(), MEMORY);
        byte[] empty = save(loss);
        MetricLoss restored = create(new ContrastiveLossFactory(), Map.of(), MEMORY);
        restore(restored, empty);
        assertThat(save(restored)).isEqualTo(empty);
        try (NDManager manager = NDManager.newBaseManager()) {
            assertThat(train(restored, manager, 0, 3))
                    .isEqualTo(train(create(new ContrastiveLossFactory(), Map.of(), MEMORY), manager, 0, 3));
        }
    }

    @Test
    void aBatchLargerThanTheMemoryIsAConfigurationError() {
        MetricLoss loss = create(new ContrastiveLossFactory(), Map.of(), CrossBatchSteps.BATCH - 1);
        try (NDManager manager = NDManager.newBaseManager()) {
            assertThatThrownBy(() -> train(loss, manager, 0, 1))
                    .isInstanceOf(DsmlException.class)
                    .hasMessage("memory_size 5 is smaller than a training batch of 6 samples; the cross-batch"
                            + " memory must hold at least one batch");
        }
    }

    @Test
    void aMemorySizeOfExactlyOneBatchComparesWithTheBatchAlone() {
        // the queue is the batch itself at every step, wrapped at slot 0 (PML: filled after step 0)
        TripletLossFactory factory = new TripletLossFactory();
        try (NDManager manager = NDManager.newBaseManager()) {
            Step[] withMemory = train(create(factory, Map.of(), CrossBatchSteps.BATCH), manager, 0, 3);
            Step[] inBatch = train(create(factory, Map.of(), 0), manager, 0, 3);
            for (int b = 0; b < 3; b++) {
                assertThat(withMemory[b].loss()).as("batch %d", b).isCloseTo(inBatch[b].loss(), within(1e-6f));
            }
        }
    }

    @Test
    void aPluginExtendingPairBasedLossGetsTheMemoryFromItsDeclaredParts() throws IOException {
        // a plugin declares its parameters with PairLossParts.withParams and builds them with fromParams
        Params params = Params.resolve(
                "plugin",
                PairLossParts.withParams(List.of(), Distance.EUCLIDEAN, Reducer.MEAN, Miners.ALL),
                Map.of("memory_size", MEMORY));
        MetricLoss plugin = new PositiveDistanceLoss(PairLossParts.fromParams(params));
        try (NDManager manager = NDManager.newBaseManager()) {
            Step[] steps = train(plugin, manager, 0, 3);
            Step[] inBatch = train(
                    new PositiveDistanceLoss(
                            new PairLossParts(Distance.EUCLIDEAN, Reducer.MEAN, Miners.create(Miners.ALL, 0, 0))),
                    manager,
                    0,
                    3);
            assertThat(steps[2].loss()).as("against the queue").isNotCloseTo(inBatch[2].loss(), within(1e-3f));
            // tag, size, position, dimension, count; whether full; the 16 full slots' values and labels
            int fullQueue = 5 * Integer.BYTES + 1 + MEMORY * (CrossBatchSteps.DIM * Float.BYTES + Integer.BYTES);
            assertThat(save(plugin)).as("its queue is checkpointed").hasSize(fullQueue);
        }
    }

    /** A plugin's pair loss: the mean distance of the mined positive pairs. */
    private static final class PositiveDistanceLoss extends PairBasedLoss {
        PositiveDistanceLoss(PairLossParts parts) {
            super(parts);
        }

        @Override
        protected NDArray pairLoss(PairBatch batch) {
            NDArray positives = batch.mined().toPairs().positives();
            return batch.metric().mul(positives).sum().div(positives.sum());
        }
    }

    private static MetricLoss create(LossFactory factory, Map<String, Object> own, int memorySize) {
        Map<String, Object> params = new HashMap<>(own);
        params.put("memory_size", memorySize);
        return factory.create(
                Params.resolve(factory.name(), factory.params(), params),
                new LossFactory.LossShape(4, CrossBatchSteps.DIM));
    }

    private static Step[] train(MetricLoss loss, NDManager manager, int from, int to) {
        CrossBatchSteps.initialize(loss, manager);
        return CrossBatchSteps.train(loss, manager, from, to);
    }

    /** The loss of batch {@code b} in a non-training pass. */
    private static float evaluate(MetricLoss loss, NDManager manager, int b) {
        try (NDManager scope = manager.newSubManager()) {
            NDList inputs = new NDList(batch(scope, b), scope.create(CrossBatchSteps.labels(b)));
            return loss.forward(new ParameterStore(scope, false), inputs, false)
                    .head()
                    .getFloat();
        }
    }

    private static NDArray batch(NDManager manager, int b) {
        return manager.create(CrossBatchSteps.embeddings(b), shape());
    }

    private static Shape shape() {
        return new Shape(CrossBatchSteps.BATCH, CrossBatchSteps.DIM);
    }

    private static byte[] save(MetricLoss loss) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            loss.saveState(out);
        }
        return bytes.toByteArray();
    }

    private static void restore(MetricLoss loss, byte[] state) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(state))) {
            loss.loadState(in);
        }
    }
}
