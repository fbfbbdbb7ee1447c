package io.dsml.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Hand-computed concatenated evaluation. Four samples, classes A A B B; two "fold models" embed
 * them on the circle at angles (degrees):
 *
 * <pre>
 * model 1:   0  30 120 270   cosines  q0: 1 .866 | 2 -.5 | 3 0      nearest 1 (A) right
 *                                     q1: 0 .866 | 2 0   | 3 -.5    nearest 0 (A) right
 *                                     q2: 0 -.5  | 1 0   | 3 -.866  nearest 1 (A) wrong
 *                                     q3: 0 0    | 1 -.5 | 2 -.866  nearest 0 (A) wrong
 * model 2:   0 150 270 240   cosines  q0: 1 -.866 | 2 0   | 3 -.5   nearest 2 (B) wrong
 *                                     q1: 0 -.866 | 2 -.5 | 3 0     nearest 3 (B) wrong
 *                                     q2: 0 0     | 1 -.5 | 3 .866  nearest 3 (B) right
 *                                     q3: 0 -.5   | 1 0   | 2 .866  nearest 2 (B) right
 * concatenated (mean of the cosines):
 *                                     q0: 1 0    | 2 -.25 | 3 -.25  nearest 1 right
 *                                     q1: 0 0    | 2 -.25 | 3 -.25  nearest 0 right
 *                                     q2: 0 -.25 | 1 -.25 | 3 0     nearest 3 right
 *                                     q3: 0 -.25 | 1 -.25 | 2 0     nearest 2 right
 * </pre>
 *
 * Each class has R = 1 other member, so Precision@1 = R-Precision = MAP@R: 1/2 for each model
 * alone and 1 for the concatenation.
 */
class ConcatenatedEmbeddingsTest {
    private static final int[] LABELS = {0, 0, 1, 1};
    private static final Evaluator EVALUATOR = Evaluator.builder()
            .metrics(EnumSet.of(Metric.PRECISION_AT_1, Metric.R_PRECISION, Metric.MAP_AT_R))
            .threads(1)
            .build();

    private static EmbeddingSet onCircle(double scale, double... degrees) {
        float[] data = new float[degrees.length * 2];
        for (int i = 0; i < degrees.length; i++) {
            data[2 * i] = (float) (scale * Math.cos(Math.toRadians(degrees[i])));
            data[2 * i + 1] = (float) (scale * Math.sin(Math.toRadians(degrees[i])));
        }
        return new EmbeddingSet(data, degrees.length, 2, LABELS);
    }

    private static final EmbeddingSet MODEL_1 = onCircle(1, 0, 30, 120, 270);
    private static final EmbeddingSet MODEL_2 = onCircle(1, 0, 150, 270, 240);

    @Test
    void eachModelAloneGetsHalfTheQueriesRight() {
        for (EmbeddingSet model : List.of(MODEL_1, MODEL_2)) {
            EvaluationResult r = EVALUATOR.evaluate(model);
            assertThat(r.get("precision_at_1")).isEqualTo(0.5);
            assertThat(r.get("r_precision")).isEqualTo(0.5);
            assertThat(r.get("map_at_r")).isEqualTo(0.5);
        }
    }

    @Test
    void theConcatenationGetsEveryQueryRight() {
        EvaluationResult r = ConcatenatedEmbeddings.evaluate(EVALUATOR, List.of(MODEL_1, MODEL_2));

        assertThat(r.get("precision_at_1")).isEqualTo(1.0);
        assertThat(r.get("r_precision")).isEqualTo(1.0);
        assertThat(r.get("map_at_r")).isEqualTo(1.0);
    }

    @Test
    void eachModelIsNormalisedBeforeConcatenationSoItsScaleDoesNotWeighIn() {
        // model 1 ten times longer: joined without normalising each part, its cosines would rank
        // (100 cos1 + cos2) / 101, i.e. as model 1 alone, and Precision@1 would be 1/2
        EmbeddingSet loud = onCircle(10, 0, 30, 120, 270);
        EmbeddingSet quiet = onCircle(0.25, 0, 150, 270, 240);

        EmbeddingSet joined = ConcatenatedEmbeddings.concatenate(List.of(loud, quiet));

        assertThat(joined.dim()).isEqualTo(4);
        assertThat(joined.labels()).containsExactly(LABELS);
        float c30 = (float) Math.cos(Math.toRadians(30));
        float c150 = (float) Math.cos(Math.toRadians(150));
        assertThat(joined.data()[4]).isCloseTo(c30, within(1e-6f)); // row 1: [cos 30, sin 30, cos 150, sin 150]
        assertThat(joined.data()[5]).isCloseTo(0.5f, within(1e-6f));
        assertThat(joined.data()[6]).isCloseTo(c150, within(1e-6f));
        assertThat(joined.data()[7]).isCloseTo(0.5f, within(1e-6f));
        assertThat(EVALUATOR.evaluate(joined).get("precision_at_1")).isEqualTo(1.0);
        assertThat(ConcatenatedEmbeddings.evaluate(EVALUATOR, List.of(loud, quiet), List.of(MODEL_1, MODEL_2))
                        .get("precision_at_1"))
                .as("queries against a separate gallery: each query's nearest is itself")
                .isEqualTo(1.0);
    }

    @Test
    void partsMustEmbedTheSameSamples() {
        EmbeddingSet relabelled = new EmbeddingSet(MODEL_2.data(), 4, 2, new int[] {0, 1, 0, 1});
        EmbeddingSet shorter = new EmbeddingSet(new float[] {1, 0}, 1, 2, new int[] {0});

        assertThatThrownBy(() -> ConcatenatedEmbeddings.concatenate(List.of(MODEL_1, relabelled)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("embedding set 1 (4 rows) does not embed the same samples with the same labels as"
                        + " embedding set 0 (4 rows)");
        assertThatThrownBy(() -> ConcatenatedEmbeddings.concatenate(List.of(MODEL_1, shorter)))
                .hasMessageContaining("embedding set 1 (1 rows)");
        assertThatThrownBy(() -> ConcatenatedEmbeddings.concatenate(List.of()))
                .hasMessage("concatenation needs at least one embedding set");
        assertThatThrownBy(() -> ConcatenatedEmbeddings.evaluate(EVALUATOR, List.of(MODEL_1), List.of()))
                .hasMessage("1 models embedded the queries but 0 the gallery");
    }
}
