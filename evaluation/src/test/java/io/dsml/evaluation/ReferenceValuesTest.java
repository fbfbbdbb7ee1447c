package io.dsml.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Compares against values computed independently in Python. The inputs and the numbers below
 * come from {@code src/test/resources/reference/make_reference.py} (numpy brute force following
 * pytorch-metric-learning's formulas; run with Debian python3 1.24 numpy), printed output pasted
 * here.
 */
class ReferenceValuesTest {
    private static Evaluator.Builder retrieval() {
        return Evaluator.builder()
                .metrics(EnumSet.of(Metric.RECALL, Metric.PRECISION_AT_1, Metric.R_PRECISION, Metric.MAP_AT_R))
                .threads(2);
    }

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(
                ReferenceValuesTest.class.getResource("/reference/" + name).toURI());
    }

    private static EmbeddingSet load(String data, String labels) throws Exception {
        NpyArray x = Npy.read(resource(data));
        return new EmbeddingSet(
                x.asFloats(),
                x.shape()[0],
                x.shape()[1],
                Npy.read(resource(labels)).asInts());
    }

    private static void assertValues(EvaluationResult r, Map<String, Double> expected) {
        expected.forEach((k, v) -> assertThat(r.get(k)).as(k).isCloseTo(v, within(1e-9)));
    }

    @Test
    void singleSetMatchesPythonBruteForce() throws Exception {
        // single {'recall@1': 0.7394957983193278, 'recall@2': 0.8991596638655462,
        //  'recall@4': 0.9831932773109243, 'recall@8': 0.9915966386554622, 'recall@16': 1.0,
        //  'precision_at_1': 0.7394957983193278, 'r_precision': 0.6431894607922916,
        //  'map_at_r': 0.5304671197446834, 'lone': 1}
        EvaluationResult r =
                retrieval().recallAt(1, 2, 4, 8, 16).build().evaluate(load("single_data.npy", "single_labels.npy"));
        assertValues(
                r,
                Map.of(
                        "recall@1",
                        0.7394957983193278,
                        "recall@2",
                        0.8991596638655462,
                        "recall@4",
                        0.9831932773109243,
                        "recall@8",
                        0.9915966386554622,
                        "recall@16",
                        1.0,
                        "precision_at_1",
                        0.7394957983193278,
                        "r_precision",
                        0.6431894607922916,
                        "map_at_r",
                        0.5304671197446834));
        assertThat(r.loneQueries()).isEqualTo(1);
    }

    @Test
    void queryGalleryMatchesPythonBruteForce() throws Exception {
        // query/gallery {'recall@1': 0.8205128205128205, 'recall@5': 0.9487179487179487,
        //  'recall@10': 1.0, 'precision_at_1': 0.8205128205128205,
        //  'r_precision': 0.6274345312806852, 'map_at_r': 0.5632841468854014, 'lone': 1}
        EvaluationResult r = retrieval()
                .recallAt(1, 5, 10)
                .build()
                .evaluate(load("query_data.npy", "query_labels.npy"), load("gallery_data.npy", "gallery_labels.npy"));
        assertValues(
                r,
                Map.of(
                        "recall@1",
                        0.8205128205128205,
                        "recall@5",
                        0.9487179487179487,
                        "recall@10",
                        1.0,
                        "precision_at_1",
                        0.8205128205128205,
                        "r_precision",
                        0.6274345312806852,
                        "map_at_r",
                        0.5632841468854014));
        assertThat(r.loneQueries()).isEqualTo(1);
    }
}
