package io.dsml.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Retrieval metrics under exactly tied similarities: among equal cosines, other classes rank
 * first, so the metrics do not depend on the order of the rows. With ties broken by index, the
 * same all-zero embeddings gave Recall@1 of 0.20 or 0.15 depending only on how the rows were
 * sorted.
 */
class TieRuleTest {
    private static final Evaluator RETRIEVAL = Evaluator.builder()
            .metrics(EnumSet.of(Metric.RECALL, Metric.PRECISION_AT_1, Metric.R_PRECISION, Metric.MAP_AT_R))
            .recallAt(1, 2, 4)
            .threads(2)
            .build();

    private static final List<String> KEYS =
            List.of("recall@1", "recall@2", "recall@4", "precision_at_1", "r_precision", "map_at_r");

    @Test
    void allZeroEmbeddingsScoreZeroInAnyRowOrder() {
        int n = 20;
        int[] sorted = IntStream.range(0, n).map(i -> i / 4).toArray(); // 5 classes of 4, grouped
        int[] interleaved = IntStream.range(0, n).map(i -> i % 5).toArray();
        for (int[] labels : new int[][] {sorted, interleaved}) {
            EvaluationResult r = RETRIEVAL.evaluate(new EmbeddingSet(new float[n * 3], n, 3, labels));
            for (String key : KEYS) {
                assertThat(r.get(key)).as(key).isZero();
            }
        }
    }

    /**
     * Axis directions with many duplicates: every cosine is exactly 1, 0 or -1, so almost every
     * pair ties. Each permutation of the rows gives the same metrics, equal to a brute force
     * that sorts every ranking by (similarity descending, other class first, index).
     */
    @Test
    void manyTiesGiveTheSameMetricsInEveryRowOrderAndMatchTheBruteForce() {
        Random random = new Random(3);
        int n = 60;
        int dim = 3;
        float[] x = new float[n * dim];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            x[i * dim + random.nextInt(dim)] = random.nextBoolean() ? 1 : -1;
            labels[i] = random.nextInt(4);
        }
        EvaluationResult reference = RETRIEVAL.evaluate(new EmbeddingSet(x, n, dim, labels));
        double[] brute = bruteForce(x, labels, n, dim);
        for (int j = 0; j < KEYS.size(); j++) {
            assertThat(reference.get(KEYS.get(j))).as(KEYS.get(j)).isCloseTo(brute[j], within(1e-12));
        }
        for (int trial = 0; trial < 5; trial++) {
            int[] order = shuffled(n, random);
            float[] px = new float[n * dim];
            int[] pl = new int[n];
            for (int i = 0; i < n; i++) {
                System.arraycopy(x, order[i] * dim, px, i * dim, dim);
                pl[i] = labels[order[i]];
            }
            EvaluationResult permuted = RETRIEVAL.evaluate(new EmbeddingSet(px, n, dim, pl));
            for (String key : KEYS) {
                assertThat(permuted.get(key)).as(key).isCloseTo(reference.get(key), within(1e-12));
            }
        }
    }

    private static int[] shuffled(int n, Random random) {
        int[] order = IntStream.range(0, n).toArray();
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    /** Recall@1, 2, 4, P@1, R-Precision and MAP@R, every query against all others (all have a positive). */
    private static double[] bruteForce(float[] x, int[] labels, int n, int dim) {
        double[] sums = new double[6];
        for (int q = 0; q < n; q++) {
            int query = q;
            double[] sim = new double[n];
            for (int g = 0; g < n; g++) {
                for (int d = 0; d < dim; d++) {
                    sim[g] += (double) x[q * dim + d] * x[g * dim + d];
                }
            }
            List<Boolean> hit = IntStream.range(0, n)
                    .filter(g -> g != query)
                    .boxed()
                    .sorted(Comparator.<Integer>comparingDouble(g -> -sim[g])
                            .thenComparing(g -> labels[g] == labels[query])
                            .thenComparingInt(g -> g))
                    .map(g -> labels[g] == labels[query])
                    .toList();
            int r = (int) IntStream.range(0, n)
                    .filter(g -> g != query && labels[g] == labels[query])
                    .count();
            int first = 0;
            while (!hit.get(first)) {
                first++;
            }
            sums[0] += first < 1 ? 1 : 0;
            sums[1] += first < 2 ? 1 : 0;
            sums[2] += first < 4 ? 1 : 0;
            sums[3] += first == 0 ? 1 : 0;
            int hits = 0;
            double precisions = 0;
            for (int i = 0; i < r; i++) {
                if (hit.get(i)) {
                    hits++;
                    precisions += (double) hits / (i + 1);
                }
            }
            sums[4] += (double) hits / r;
            sums[5] += precisions / r;
        }
        for (int j = 0; j < sums.length; j++) {
            sums[j] /= n;
        }
        return sums;
    }
}
