package io.dsml.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;

/** Bad input: one IllegalArgumentException with one clear message (the CLI maps it to exit 2). */
class ValidationTest {
    @Test
    void nanAndInfinityNameTheRow() {
        float[] data = {1, 2, 3, 4, Float.NaN, 6};
        assertThatThrownBy(() -> new EmbeddingSet(data, 3, 2, new int[3]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("embedding row 2 has a non-finite value (NaN at column 0)");
        float[] inf = {1, Float.NEGATIVE_INFINITY};
        assertThatThrownBy(() -> new EmbeddingSet(inf, 1, 2, new int[1]))
                .hasMessageContaining("row 0")
                .hasMessageContaining("-Infinity");
    }

    @Test
    void shapeAndLabelCountMismatches() {
        assertThatThrownBy(() -> new EmbeddingSet(new float[6], 3, 2, new int[2]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("label count 2 does not match the 3 embedding rows");
        assertThatThrownBy(() -> new EmbeddingSet(new float[5], 3, 2, new int[3]))
                .hasMessage("embedding data has 5 values but n=3 x dim=2 needs 6");
        assertThatThrownBy(() -> new EmbeddingSet(new float[0], 0, 2, new int[0]))
                .hasMessageContaining("n >= 1");
    }

    @Test
    void queryGalleryDimensionMismatch() {
        EmbeddingSet q = new EmbeddingSet(new float[] {1, 0}, 1, 2, new int[] {0});
        EmbeddingSet g = new EmbeddingSet(new float[] {1, 0, 0}, 1, 3, new int[] {0});
        assertThatThrownBy(() -> Evaluator.builder().build().evaluate(q, g))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("query dimension 2 does not match gallery dimension 3");
    }

    @Test
    void recallKLargerThanTheGallery() {
        EmbeddingSet set = new EmbeddingSet(new float[] {1, 0, 0, 1, 1, 1}, 3, 2, new int[] {0, 0, 1});
        Evaluator e = Evaluator.builder()
                .metrics(EnumSet.of(Metric.RECALL))
                .recallAt(1, 3)
                .build();
        assertThatThrownBy(() -> e.evaluate(set))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("recall@3 needs 3 neighbours but the gallery has only 2 candidates per query");
        // Against a separate 3-row gallery, K = 3 is fine.
        assertThat(e.evaluate(set, set).get("recall@3")).isEqualTo(1.0);
    }

    @Test
    void unknownMetricListsTheValidOnes() {
        assertThat(Metric.parse(" MAP_at_R ")).isEqualTo(Metric.MAP_AT_R);
        assertThat(Metric.parse("nmi")).isEqualTo(Metric.NMI);
        assertThatThrownBy(() -> Metric.parse("mapr"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown metric 'mapr'; valid metrics: recall, precision_at_1, r_precision, "
                        + "map_at_r, nmi, ami");
    }

    @Test
    void builderArguments() {
        assertThatThrownBy(() -> Evaluator.builder().recallAt(1, 0)).hasMessage("recall K must be >= 1, got 0");
        assertThatThrownBy(() -> Evaluator.builder().metrics(EnumSet.noneOf(Metric.class)))
                .hasMessage("at least one metric is required");
        assertThatThrownBy(() -> Evaluator.builder().threads(0)).hasMessageContaining("threads");
    }

    @Test
    void resultRejectsUnknownKeys() {
        EvaluationResult r = Evaluator.builder()
                .metrics(EnumSet.of(Metric.PRECISION_AT_1))
                .build()
                .evaluate(new EmbeddingSet(new float[] {1, 0, 1, 0, 0, 1}, 3, 2, new int[] {0, 0, 1}));
        assertThatThrownBy(() -> r.get("nmi"))
                .hasMessage("no metric 'nmi' in this result; available: [precision_at_1]");
    }
}
