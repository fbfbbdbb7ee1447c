package io.dsml.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.EnumSet;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ClusteringMetricsTest {
    @Test
    void separableClassesGiveNmiAndAmiOne() {
        Random r = new Random(4);
        int classes = 12;
        int per = 15;
        int dim = 16;
        float[] data = new float[classes * per * dim];
        int[] labels = new int[classes * per];
        for (int p = 0; p < labels.length; p++) {
            labels[p] = 100 + p % classes;
            // Class c lives near the axis c; noise is small relative to the axis gap.
            for (int d = 0; d < dim; d++) {
                data[p * dim + d] = (float) ((d == p % classes ? 1 : 0) + 0.05 * r.nextGaussian());
            }
        }
        for (boolean spherical : new boolean[] {false, true}) {
            EvaluationResult res = Evaluator.builder()
                    .metrics(EnumSet.of(Metric.NMI, Metric.AMI))
                    .spherical(spherical)
                    .seed(1)
                    .threads(2)
                    .build()
                    .evaluate(new EmbeddingSet(data, labels.length, dim, labels));
            assertThat(res.values().keySet()).containsExactly("nmi", "ami");
            assertThat(res.get("nmi")).isCloseTo(1.0, within(1e-12));
            assertThat(res.get("ami")).isCloseTo(1.0, within(1e-12));
        }
    }
}
