package io.dsml.app.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.dsml.evaluation.compute.Vectors;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RetrievalExamplesTest {
    @Test
    void neighboursAndRPrecisionAgreeWithBruteForce() {
        int n = 60;
        int dim = 5;
        Random random = new Random(4);
        float[] data = new float[n * dim];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 4;
            for (int j = 0; j < dim; j++) {
                data[i * dim + j] = (float) random.nextGaussian() + (j == labels[i] ? 1.5f : 0);
            }
        }
        RetrievalExamples.Examples ex = RetrievalExamples.of(data, n, dim, labels, 5, 3, 4, 9);
        float[] unit = Vectors.normalizedCopy(data, n, dim);
        assertThat(ex.sampled()).hasSize(5);
        assertThat(ex.rankedQueries()).isEqualTo(n);
        for (RetrievalExamples.Example e : ex.sampled()) {
            Integer[] order = bruteForce(unit, n, dim, e.query());
            for (int j = 0; j < 4; j++) {
                assertThat(e.neighbours()[j]).isEqualTo(order[j]);
                assertThat(e.cosines()[j]).isCloseTo(dot(unit, dim, e.query(), order[j]), within(1e-5f));
            }
        }
        // the worst queries by brute-force R-precision (R = 14 other samples of the class)
        double[] rp = new double[n];
        for (int q = 0; q < n; q++) {
            Integer[] order = bruteForce(unit, n, dim, q);
            int hits = 0;
            for (int j = 0; j < 14; j++) {
                hits += labels[order[j]] == labels[q] ? 1 : 0;
            }
            rp[q] = hits / 14.0;
        }
        double[] sorted = rp.clone();
        java.util.Arrays.sort(sorted);
        assertThat(ex.worst()).hasSize(3);
        for (int i = 0; i < 3; i++) {
            assertThat(ex.worst().get(i).rPrecision()).isCloseTo(sorted[i], within(1e-12));
            assertThat(rp[ex.worst().get(i).query()]).isCloseTo(sorted[i], within(1e-12));
        }
        // the sample is seeded: the same for every cell of a run
        assertThat(RetrievalExamples.of(data, n, dim, labels, 5, 3, 4, 9)
                        .sampled()
                        .get(0)
                        .query())
                .isEqualTo(ex.sampled().get(0).query());
    }

    private static Integer[] bruteForce(float[] unit, int n, int dim, int q) {
        Integer[] others = java.util.stream.IntStream.range(0, n)
                .filter(i -> i != q)
                .boxed()
                .toArray(Integer[]::new);
        java.util.Arrays.sort(others, (a, b) -> Float.compare(dot(unit, dim, q, b), dot(unit, dim, q, a)));
        return others;
    }

    private static float dot(float[] unit, int dim, int a, int b) {
        float s = 0;
        for (int j = 0; j < dim; j++) {
            s += unit[a * dim + j] * unit[b * dim + j];
        }
        return s;
    }

    @Test
    void concentrationByHand() {
        // class 0: (1,0) and (0,1): resultant (1,1), r = sqrt 2 / 2; class 1: twice (0,-3): r = 1
        float[] data = {1, 0, 0, 1, 0, -3, 0, -3};
        ClassConcentration c = ClassConcentration.of(data, 4, 2, new int[] {0, 0, 1, 1});
        double r = Math.sqrt(2) / 2;
        assertThat(c.counts()).containsExactly(2, 2);
        assertThat(c.resultantLengths()[0]).isCloseTo(r, within(1e-7));
        assertThat(c.kappas()[0]).isCloseTo(r * (2 - r * r) / (1 - r * r), within(1e-6));
        assertThat(c.resultantLengths()[1]).isCloseTo(1, within(1e-7));
    }

    @Test
    void markdownRowsSplitIntoCells() {
        assertThat(RunReport.markdownCells("| a | b c | 1.0 ± 0.2 |")).containsExactly("a", "b c", "1.0 ± 0.2");
        assertThat(RunReport.esc("<a href=\"x\">&'")).isEqualTo("&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
    }
}
