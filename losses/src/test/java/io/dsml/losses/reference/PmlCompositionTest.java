package io.dsml.losses.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.dsml.core.params.Params;
import io.dsml.core.probe.LossProbe;
import io.dsml.core.spi.LossFactory;
import io.dsml.core.spi.MetricLoss;
import io.dsml.losses.pair.ContrastiveLossFactory;
import io.dsml.losses.pair.TripletLossFactory;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The pair losses' selectable parts (distance, reducer, miner) against the real
 * pytorch-metric-learning: the expected values are the output of {@code
 * src/test/resources/reference/pml_compositions.py}, which imports PML itself (from its source
 * tree, on torch 1.13) rather than restating it, on {@link PmlReferenceTest}'s closed-form inputs.
 */
class PmlCompositionTest {
    private static final int[] LABELS = {0, 1, 2, 0, 1, 2, 0, 1, 3, 3};

    static Stream<Arguments> cases() {
        ContrastiveLossFactory contrastive = new ContrastiveLossFactory();
        TripletLossFactory triplet = new TripletLossFactory();
        return Stream.of(
                // name in pml_compositions.py, factory, hyperparameters, value, |dL/dE|
                Arguments.of(
                        "contrastive_cosine_p1_n0",
                        contrastive,
                        Map.of("distance", "cosine", "pos_margin", 1.0, "neg_margin", 0.0),
                        1.4095211,
                        0.340764254),
                Arguments.of(
                        "contrastive_cosine_p0.9_n0.3",
                        contrastive,
                        Map.of("distance", "cosine", "pos_margin", 0.9, "neg_margin", 0.3),
                        1.61801875,
                        0.347475559),
                Arguments.of(
                        "contrastive_squared",
                        contrastive,
                        Map.of("distance", "squared-euclidean"),
                        2.86443281,
                        0.564733863),
                Arguments.of("contrastive_mean", contrastive, Map.of("reducer", "mean"), 1.41575623, 0.20730944),
                Arguments.of("contrastive_sum", contrastive, Map.of("reducer", "sum"), 28.0825768, 4.19232321),
                Arguments.of(
                        "triplet_cosine_m0.2",
                        triplet,
                        Map.of("distance", "cosine", "margin", 0.2),
                        0.701051474,
                        0.334473163),
                Arguments.of(
                        "triplet_squared_m0.2",
                        triplet,
                        Map.of("distance", "squared-euclidean", "margin", 0.2),
                        1.25305367,
                        0.664614975),
                Arguments.of(
                        "triplet_mean_m0.2",
                        triplet,
                        Map.of("reducer", "mean", "margin", 0.2),
                        0.406713724,
                        0.158370331),
                Arguments.of(
                        "triplet_cosine_m0.2_batch-hard",
                        triplet,
                        Map.of("distance", "cosine", "margin", 0.2, "miner", "batch-hard"),
                        1.33447325,
                        0.405668586));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesPytorchMetricLearningItself(
            String name,
            LossFactory factory,
            Map<String, Object> params,
            double expectedValue,
            double expectedGradientNorm) {
        MetricLoss loss =
                factory.create(Params.resolve(name, factory.params(), params), new LossFactory.LossShape(4, 5));
        LossProbe.Result result = LossProbe.evaluate(loss, PmlReferenceTest.embeddings(), 10, 5, LABELS, null, true);
        assertThat(result.loss()).as("value").isCloseTo(expectedValue, within(2e-5 * Math.max(1, expectedValue)));
        double norm = 0;
        for (float g : result.gradient()) {
            norm += (double) g * g;
        }
        assertThat(Math.sqrt(norm))
                .as("|dL/dE|")
                .isCloseTo(expectedGradientNorm, within(1e-4 * Math.max(1, expectedGradientNorm)));
    }
}
