package io.dsml.core.train;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsml.core.config.EvaluationConfig;
import io.dsml.core.data.LabelsOnlyImages;
import io.dsml.core.error.DsmlException;
import io.dsml.core.spi.LabeledImages;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A test split whose classes have one sample each cannot give retrieval metrics (no query has a
 * positive) or clustering metrics (trivially 1): training refuses it up front, in one line, as
 * {@code dsml evaluate} refuses such labels, instead of reporting 0 and 1 after the last epoch.
 */
class CellEvaluatorUndefinedMetricsTest {
    @Test
    void aTestSplitOfOneSampleClassesIsRefusedBeforeTraining() {
        CellEvaluator retrieval = new CellEvaluator(
                new EvaluationConfig(List.of("recall"), null, null, null, null, null, null), false, 1);
        assertThatThrownBy(() -> retrieval.requireDefinedOn(split(0, 1, 2, 3)))
                .isInstanceOf(DsmlException.class)
                .hasMessage("the test split (4 images): no query has another sample of its class in the set"
                        + " (4 queries), so recall, precision_at_1, r_precision and map_at_r are undefined");
        CellEvaluator clustering =
                new CellEvaluator(new EvaluationConfig(List.of("nmi"), null, null, null, null, null, null), false, 1);
        assertThatThrownBy(() -> clustering.requireDefinedOn(split(0, 1, 2, 3)))
                .isInstanceOf(DsmlException.class)
                .hasMessageContaining("is a class of its own");
    }

    @Test
    void aSplitWithOnePositivePairOrOnlyAccuracyPasses() {
        CellEvaluator retrieval = new CellEvaluator(
                new EvaluationConfig(List.of("recall"), null, null, null, null, null, null), false, 1);
        assertThatCode(() -> retrieval.requireDefinedOn(split(0, 1, 2, 2))).doesNotThrowAnyException();
        CellEvaluator accuracy = new CellEvaluator(
                new EvaluationConfig(List.of("accuracy"), null, null, null, null, null, null), true, 1);
        assertThatCode(() -> accuracy.requireDefinedOn(split(0, 1, 2, 3))).doesNotThrowAnyException();
    }

    private static LabeledImages split(int... labels) {
        return new LabelsOnlyImages(labels, labels.length);
    }
}
