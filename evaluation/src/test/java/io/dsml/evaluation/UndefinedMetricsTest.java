package io.dsml.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;

/**
 * Metrics without meaning for the labels are refused instead of reported as 0 (retrieval over no
 * query) or 1 (NMI and AMI of one cluster per sample).
 */
class UndefinedMetricsTest {
    private static final float[] FOUR = {1, 0, 0, 1, -1, 0, 0, -1};

    @Test
    void everySampleAClassOfItsOwnIsRefusedForRetrievalAndForClustering() {
        EmbeddingSet set = new EmbeddingSet(FOUR, 4, 2, new int[] {0, 1, 2, 3});
        assertThatThrownBy(() -> Evaluator.builder().recallAt(1).build().evaluate(set))
                .isInstanceOf(UndefinedMetricException.class)
                .hasMessage("no query has another sample of its class in the set (4 queries), so recall,"
                        + " precision_at_1, r_precision and map_at_r are undefined");
        Evaluator clustering =
                Evaluator.builder().metrics(EnumSet.of(Metric.NMI)).build();
        assertThatThrownBy(() -> clustering.evaluate(set))
                .isInstanceOf(UndefinedMetricException.class)
                .hasMessageContaining("every one of the 4 queries is a class of its own")
                .hasMessageContaining("trivially 1");
    }

    @Test
    void queriesWhoseClassesAreNotInTheGalleryAreRefused() {
        EmbeddingSet queries = new EmbeddingSet(FOUR, 4, 2, new int[] {0, 0, 1, 1});
        EmbeddingSet gallery = new EmbeddingSet(FOUR, 4, 2, new int[] {2, 2, 3, 3});
        Evaluator retrieval =
                Evaluator.builder().metrics(EnumSet.of(Metric.PRECISION_AT_1)).build();
        assertThatThrownBy(() -> retrieval.evaluate(queries, gallery))
                .isInstanceOf(UndefinedMetricException.class)
                .hasMessageContaining("in the gallery (4 queries)");
    }

    /** All-same labels printed recall, NMI and AMI of 1.0. */
    @Test
    void oneClassForEverySampleIsRefusedForRetrievalAndForClustering() {
        EmbeddingSet set = new EmbeddingSet(FOUR, 4, 2, new int[] {7, 7, 7, 7});
        for (Metric m : new Metric[] {Metric.RECALL, Metric.PRECISION_AT_1, Metric.R_PRECISION, Metric.MAP_AT_R}) {
            Evaluator retrieval =
                    Evaluator.builder().metrics(EnumSet.of(m)).recallAt(1).build();
            assertThatThrownBy(() -> retrieval.evaluate(set))
                    .isInstanceOf(UndefinedMetricException.class)
                    .hasMessage("every sample of the set has the same class (7), so recall, precision_at_1,"
                            + " r_precision and map_at_r are trivially 1; give labels of at least two classes");
        }
        for (Metric m : new Metric[] {Metric.NMI, Metric.AMI}) {
            Evaluator clustering = Evaluator.builder().metrics(EnumSet.of(m)).build();
            assertThatThrownBy(() -> clustering.evaluate(set))
                    .isInstanceOf(UndefinedMetricException.class)
                    .hasMessage("all 4 queries have the same class (7), so NMI and AMI (k-means with one cluster)"
                            + " are trivially 1; leave nmi and ami out of the metrics");
        }
    }

    /** A gallery of one class: each query of that class ranks only positives. */
    @Test
    void aGalleryOfOneClassIsRefusedForRetrieval() {
        EmbeddingSet queries = new EmbeddingSet(FOUR, 4, 2, new int[] {0, 0, 1, 1});
        EmbeddingSet gallery = new EmbeddingSet(FOUR, 4, 2, new int[] {1, 1, 1, 1});
        Evaluator retrieval = Evaluator.builder()
                .metrics(EnumSet.of(Metric.RECALL))
                .recallAt(1)
                .build();
        assertThatThrownBy(() -> retrieval.evaluate(queries, gallery))
                .isInstanceOf(UndefinedMetricException.class)
                .hasMessageStartingWith("every sample of the gallery has the same class (1)");
        // the queries' own classes differ, so clustering them still means something
        Evaluator clustering =
                Evaluator.builder().metrics(EnumSet.of(Metric.NMI)).build();
        assertThat(clustering.evaluate(queries, gallery).get("nmi")).isBetween(0.0, 1.0);
    }

    @Test
    void someLoneQueriesAreLeftOutAndCounted() {
        // Samples 0 and 1 share class 0 and are each other's nearest neighbour; 2 and 3 are lone.
        float[] e = {1, 0, 0.9f, 0.1f, 0, 1, -1, 0};
        EmbeddingSet set = new EmbeddingSet(e, 4, 2, new int[] {0, 0, 1, 2});
        EvaluationResult r = Evaluator.builder()
                .metrics(EnumSet.of(Metric.RECALL))
                .recallAt(1)
                .build()
                .evaluate(set);
        assertThat(r.get("recall@1")).isEqualTo(1.0);
        assertThat(r.loneQueries()).isEqualTo(2);
    }
}
