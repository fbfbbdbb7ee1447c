package io.dsml.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;

/** Hand-computed retrieval cases. */
class EvaluatorTest {
    private static final Evaluator RETRIEVAL = Evaluator.builder()
            .metrics(EnumSet.of(Metric.RECALL, Metric.PRECISION_AT_1, Metric.R_PRECISION, Metric.MAP_AT_R))
            .recallAt(1, 2, 4)
            .threads(2)
            .build();
    /** For sets too small for Recall@4. */
    private static final Evaluator SMALL = Evaluator.builder()
            .metrics(EnumSet.of(Metric.RECALL, Metric.PRECISION_AT_1, Metric.R_PRECISION, Metric.MAP_AT_R))
            .recallAt(1, 2)
            .build();

    private static EmbeddingSet onCircle(double[] degrees, int[] labels) {
        float[] data = new float[degrees.length * 2];
        for (int i = 0; i < degrees.length; i++) {
            data[2 * i] = (float) Math.cos(Math.toRadians(degrees[i]));
            data[2 * i + 1] = (float) Math.sin(Math.toRadians(degrees[i]));
        }
        return new EmbeddingSet(data, degrees.length, 2, labels);
    }

    /**
     * Unit vectors at angles 0 A, 10 A, 30 B, 45 A, 70 B, 180 C, 22 A (degrees, class). Rankings
     * by angular distance, self excluded:
     *
     * <pre>
     * q0 (A, R=3): 1A 6A 2B 3A ...  first hit 0, hits in R 2, AP = (1 + 1)/3        = 2/3
     * q1 (A, R=3): 0A 6A 2B 3A ...  first hit 0, hits in R 2, AP = 2/3
     * q2 (B, R=1): 6A 3A 1A 0A 4B   first hit 4, RP 0, AP 0
     * q3 (A, R=3): 2B 6A 4B 1A 0A   first hit 1, hits in R 1, AP = (1/2)/3      = 1/6
     * q4 (B, R=1): 3A 2B 6A 1A 0A   first hit 1, RP 0, AP 0
     * q5 (C)     : lone (no other C), excluded
     * q6 (A, R=3): 2B 1A 0A 3A 4B   first hit 1, hits in R 2, AP = (1/2 + 2/3)/3 = 7/18
     * </pre>
     *
     * Over the 6 counted queries: recall@1 = P@1 = 2/6, recall@2 = recall@4 = 5/6,
     * R-precision = (2/3 + 2/3 + 0 + 1/3 + 0 + 2/3)/6 = 7/18,
     * MAP@R = (2/3 + 2/3 + 0 + 1/6 + 0 + 7/18)/6 = 17/54. (Cross-checked with the brute force in
     * src/test/resources/reference/make_reference.py.)
     */
    @Test
    void handComputedSingleSet() {
        EmbeddingSet set = onCircle(new double[] {0, 10, 30, 45, 70, 180, 22}, new int[] {0, 0, 1, 0, 1, 2, 0});
        EvaluationResult r = RETRIEVAL.evaluate(set);
        assertThat(r.values().keySet())
                .containsExactly("recall@1", "recall@2", "recall@4", "precision_at_1", "r_precision", "map_at_r");
        assertThat(r.get("recall@1")).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(r.get("recall@2")).isCloseTo(5.0 / 6, within(1e-12));
        assertThat(r.get("recall@4")).isCloseTo(5.0 / 6, within(1e-12));
        assertThat(r.get("precision_at_1")).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(r.get("r_precision")).isCloseTo(7.0 / 18, within(1e-12));
        assertThat(r.get("map_at_r")).isCloseTo(17.0 / 54, within(1e-12));
        assertThat(r.loneQueries()).isEqualTo(1);
    }

    /**
     * Query (1,0,0); gallery rows with the same components permuted, hence bit-identical cosines:
     * (.6,.8,0) and (.6,0,.8) tie at 0.6. The other class wins the tie in either row order (it
     * went to the lower index, so the order of the rows decided the metrics).
     */
    @Test
    void tiesRankTheOtherClassFirstInEitherRowOrder() {
        EmbeddingSet query = new EmbeddingSet(new float[] {1, 0, 0}, 1, 3, new int[] {7});
        float[] tied = {0.6f, 0.8f, 0, 0.6f, 0, 0.8f};
        for (int[] labels : new int[][] {{3, 7}, {7, 3}}) {
            EvaluationResult r = SMALL.evaluate(query, new EmbeddingSet(tied, 2, 3, labels));
            assertThat(r.get("precision_at_1")).isEqualTo(0.0);
            assertThat(r.get("recall@2")).isEqualTo(1.0);
            // R = 1: R-precision and MAP@R follow the tie-broken order too.
            assertThat(r.get("map_at_r")).isEqualTo(0.0);
        }
    }

    /** Self is excluded by index, so an exact duplicate of the query is still its neighbour. */
    @Test
    void duplicatesOfTheQueryRemainNeighbours() {
        float[] data = {1, 0, 1, 0, 0, 1, 0.6f, 0.8f};
        EvaluationResult r = SMALL.evaluate(new EmbeddingSet(data, 4, 2, new int[] {5, 5, 6, 6}));
        // q0 -> 1 (duplicate, same class); q1 -> 0; q2 (0,1) -> 3; q3 (.6,.8) -> 2 (cos .8 > .6).
        assertThat(r.get("precision_at_1")).isEqualTo(1.0);
        assertThat(r.get("map_at_r")).isEqualTo(1.0);
        assertThat(r.loneQueries()).isZero();
    }

    /**
     * Separate sets: R counts every gallery item of the query's class; a query whose class is
     * absent from the gallery is lone.
     */
    @Test
    void queryGalleryWithAbsentClass() {
        EmbeddingSet queries = onCircle(new double[] {0, 90, 200}, new int[] {1, 2, 9});
        // Gallery: 5 (1), 40 (2), 80 (2), 105 (1).
        EmbeddingSet gallery = onCircle(new double[] {5, 40, 80, 105}, new int[] {1, 2, 2, 1});
        EvaluationResult r = RETRIEVAL.evaluate(queries, gallery);
        // q0 (R=2): 5(1) 40(2) 80(2) 105(1): RP 1/2, AP (1 + 0)/2 = 1/2, first hit 0.
        // q1 (R=2): 80(2) 105(1) 40(2) 5(1): RP 1/2, AP 1/2, first hit 0.
        assertThat(r.get("recall@1")).isEqualTo(1.0);
        assertThat(r.get("r_precision")).isEqualTo(0.5);
        assertThat(r.get("map_at_r")).isEqualTo(0.5);
        assertThat(r.loneQueries()).isEqualTo(1);
    }

    @Test
    void rCapLimitsRLikePytorchMetricLearningK() {
        EmbeddingSet set = onCircle(new double[] {0, 10, 30, 45, 70, 180, 22}, new int[] {0, 0, 1, 0, 1, 2, 0});
        EvaluationResult r = Evaluator.builder()
                .metrics(EnumSet.of(Metric.MAP_AT_R))
                .rCap(1)
                .build()
                .evaluate(set);
        // With R = 1, MAP@R is precision@1: 2/6.
        assertThat(r.get("map_at_r")).isCloseTo(1.0 / 3, within(1e-12));
    }

    @Test
    void allLoneQueriesAreAnErrorNotZero() {
        // Every retrieval metric would be a mean over no query (it used to print 0 for all).
        EmbeddingSet set = onCircle(new double[] {0, 50, 100}, new int[] {1, 2, 3});
        assertThatThrownBy(() -> SMALL.evaluate(set))
                .isInstanceOf(UndefinedMetricException.class)
                .hasMessageContaining("no query has another sample of its class");
    }

    @Test
    void resultsDoNotDependOnThreads() {
        EmbeddingSet set = onCircle(new double[] {0, 10, 30, 45, 70, 180, 22}, new int[] {0, 0, 1, 0, 1, 2, 0});
        Evaluator one = Evaluator.builder().recallAt(1, 2).threads(1).seed(3).build();
        Evaluator two = Evaluator.builder().recallAt(1, 2).threads(2).seed(3).build();
        assertThat(one.evaluate(set).values()).isEqualTo(two.evaluate(set).values());
    }
}
