package io.dsml.losses.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import io.dsml.core.params.Params;
import io.dsml.core.spi.LossFactory;
import io.dsml.core.spi.MetricLoss;
import io.dsml.losses.pair.ContrastiveLossFactory;
import io.dsml.losses.pair.LiftedStructureLossFactory;
import io.dsml.losses.pair.MultiSimilarityLossFactory;
import io.dsml.losses.pair.TripletLossFactory;
import io.dsml.losses.testing.CrossBatchSteps;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code memory_size} against pytorch-metric-learning's own {@code CrossBatchMemory} wrapper: the
 * expected values are the committed output of {@code
 * src/test/resources/reference/pml_cross_batch_memory.py}, which imports PML (from its source tree,
 * on torch 1.13), on {@link CrossBatchSteps}' seven batches of six with a memory of 16: the
 * queue filling up (batches 0-1), wrapping around inside a batch (2 and 5) and full. Every batch's
 * loss and gradient norm must match, in order, through one loss instance.
 */
class CrossBatchMemoryPmlTest {
    private static final int MEMORY = 16;
    private static final int BATCHES = 7;

    static Stream<Arguments> cases() {
        return Stream.of(
                // name in pml_cross_batch_memory.py, factory, hyperparameters besides memory_size
                Arguments.of("contrastive", new ContrastiveLossFactory(), Map.of()),
                Arguments.of("triplet", new TripletLossFactory(), Map.of()),
                Arguments.of("triplet_batch-hard", new TripletLossFactory(), Map.of("miner", "batch-hard")),
                Arguments.of(
                        "triplet_semi-hard",
                        new TripletLossFactory(),
                        Map.of("miner", "semi-hard", "miner_margin", 0.2)),
                Arguments.of("multi-similarity", new MultiSimilarityLossFactory(), Map.of()),
                Arguments.of("lifted-structure", new LiftedStructureLossFactory(), Map.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void everyBatchMatchesPytorchMetricLearningsWrapper(String name, LossFactory factory, Map<String, Object> own)
            throws IOException {
        Map<String, Object> params = new HashMap<>(own);
        params.put("memory_size", MEMORY);
        MetricLoss loss = factory.create(
                Params.resolve(name, factory.params(), params), new LossFactory.LossShape(4, CrossBatchSteps.DIM));
        double[][] expected = reference(name);
        assertThat(expected).as("reference batches of %s", name).hasNumberOfRows(BATCHES);
        try (NDManager manager = NDManager.newBaseManager()) {
            CrossBatchSteps.initialize(loss, manager);
            CrossBatchSteps.Step[] steps = CrossBatchSteps.train(loss, manager, 0, BATCHES);
            for (int b = 0; b < BATCHES; b++) {
                assertThat((double) steps[b].loss())
                        .as("%s batch %d: loss", name, b)
                        .isCloseTo(expected[b][0], within(2e-5 * Math.max(1, expected[b][0])));
                assertThat(steps[b].gradientNorm())
                        .as("%s batch %d: |dL/dE|", name, b)
                        .isCloseTo(expected[b][1], within(1e-4 * Math.max(1, expected[b][1])));
            }
        }
    }

    /** The (loss, |dL/dE|) of each batch of {@code name}, from the committed PML output. */
    private static double[][] reference(String name) throws IOException {
        try (InputStream in =
                CrossBatchMemoryPmlTest.class.getResourceAsStream("/reference/pml_cross_batch_memory.out")) {
            List<String[]> rows = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .map(line -> line.split(" "))
                    .filter(fields -> fields[0].equals(name))
                    .toList();
            double[][] values = new double[rows.size()][];
            for (String[] fields : rows) {
                int batch = Integer.parseInt(fields[1]);
                values[batch] = new double[] {Double.parseDouble(fields[2]), Double.parseDouble(fields[3])};
            }
            return values;
        }
    }
}
