package io.dsml.evaluation.knn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KnnSearchTest {
    /**
     * Small-integer coordinates make every dot product exact in float whatever the BLAS summation
     * order, so the blocked search must equal the brute force exactly, including the many exact
     * ties (which must go to the lower index).
     */
    private static float[] integerData(int n, int dim, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n * dim];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextInt(5) - 2;
        }
        return x;
    }

    private static int[] bruteForce(float[] q, int nq, float[] g, int ng, int dim, int k, boolean excludeSelf) {
        int[] out = new int[nq * k];
        for (int i = 0; i < nq; i++) {
            int qi = i;
            double[] s = new double[ng];
            for (int j = 0; j < ng; j++) {
                for (int d = 0; d < dim; d++) {
                    s[j] += (double) q[i * dim + d] * g[j * dim + d];
                }
            }
            int[] order = IntStream.range(0, ng)
                    .filter(j -> !excludeSelf || j != qi)
                    .boxed()
                    .sorted(Comparator.<Integer>comparingDouble(j -> -s[j]).thenComparingInt(j -> j))
                    .mapToInt(Integer::intValue)
                    .limit(k)
                    .toArray();
            System.arraycopy(order, 0, out, i * k, k);
        }
        return out;
    }

    @ParameterizedTest(name = "nq={0} ng={1} k={2} qb={3} gb={4} self={5} threads={6}")
    @CsvSource({
        "50, 50, 5, 7, 9, true, 1",
        "50, 50, 49, 4, 6, true, 2", // k = every other row, k > both block sizes
        "37, 61, 20, 8, 16, false, 2", // k > query block, gallery not a multiple of the tile
        "64, 64, 1, 64, 64, true, 2", // one block each way
        "33, 100, 100, 5, 7, false, 3", // k = whole gallery
        "10, 300, 17, 3, 1, false, 2", // one-row gallery tiles
    })
    void blockedSearchEqualsBruteForce(int nq, int ng, int k, int qb, int gb, boolean self, int threads) {
        int dim = 6;
        float[] g = integerData(ng, dim, 7 + ng);
        float[] q = self ? g : integerData(nq, dim, 11 + nq);
        int n = self ? ng : nq;
        NeighbourBlock got = new KnnSearch(k, qb, gb, threads).searchAll(q, n, g, ng, dim, self);
        assertThat(got.indices()).containsExactly(bruteForce(q, n, g, ng, dim, k, self));
    }

    @Test
    void scoresAreSortedAndMatchIndices() {
        int dim = 4;
        float[] g = integerData(40, dim, 3);
        NeighbourBlock got = new KnnSearch(10, 6, 8, 2).searchAll(g, 40, g, 40, dim, true);
        for (int q = 0; q < 40; q++) {
            for (int j = 0; j < 10; j++) {
                int idx = got.indices()[q * 10 + j];
                float dot = 0;
                for (int d = 0; d < dim; d++) {
                    dot += g[q * dim + d] * g[idx * dim + d];
                }
                assertThat(got.scores()[q * 10 + j]).isEqualTo(dot);
                if (j > 0) {
                    assertThat(got.scores()[q * 10 + j]).isLessThanOrEqualTo(got.scores()[q * 10 + j - 1]);
                }
            }
        }
    }

    @Test
    void exactTiesGoToTheLowerIndex() {
        // Query (1,0); gallery rows 0..3 all have dot 1 with it, row 4 has 2.
        float[] q = {1, 0};
        float[] g = {1, 5, 1, -3, 1, 0, 1, 2, 2, 0};
        NeighbourBlock got = new KnnSearch(4, 1, 2, 1).searchAll(q, 1, g, 5, 2, false);
        assertThat(got.indices()).containsExactly(4, 0, 1, 2);
    }

    @Test
    void withLabelsExactTiesGoToOtherClassesFirstThenTheLowerIndex() {
        // as above; the query is class 1, rows 0 and 2 are class 1 too
        float[] q = {1, 0};
        float[] g = {1, 5, 1, -3, 1, 0, 1, 2, 2, 0};
        int[] galleryLabels = {1, 0, 1, 0, 1};
        List<Integer> got = new ArrayList<>();
        new KnnSearch(4, 1, 2, 1)
                .search(q, 1, g, 5, 2, false, new KnnSearch.Labels(new int[] {1}, galleryLabels), block -> {
                    for (int j = 0; j < 4; j++) {
                        got.add(block.indices()[j]);
                    }
                });
        assertThat(got).containsExactly(4, 1, 3, 0);
    }

    /** Integer data ties often; the blocked search with labels equals a brute force sorting ties so. */
    @ParameterizedTest(name = "k={0} qb={1} gb={2} threads={3}")
    @CsvSource({"5, 7, 9, 1", "49, 4, 6, 2", "1, 64, 64, 2", "17, 3, 1, 2"})
    void withLabelsTheBlockedSearchEqualsTheBruteForce(int k, int qb, int gb, int threads) {
        int n = 50;
        int dim = 3;
        float[] x = integerData(n, dim, 17);
        int[] labels = new Random(4).ints(n, 0, 3).toArray();
        int[] got = new int[n * k];
        new KnnSearch(k, qb, gb, threads)
                .search(
                        x,
                        n,
                        x,
                        n,
                        dim,
                        true,
                        new KnnSearch.Labels(labels, labels),
                        block -> System.arraycopy(block.indices(), 0, got, block.firstQuery() * k, block.count() * k));
        for (int i = 0; i < n; i++) {
            int query = i;
            int[] want = IntStream.range(0, n)
                    .filter(j -> j != query)
                    .boxed()
                    .sorted(Comparator.<Integer>comparingDouble(j -> -dot(x, query, j, dim))
                            .thenComparing(j -> labels[j] == labels[query])
                            .thenComparingInt(j -> j))
                    .mapToInt(Integer::intValue)
                    .limit(k)
                    .toArray();
            assertThat(Arrays.copyOfRange(got, i * k, i * k + k))
                    .as("query %d", i)
                    .containsExactly(want);
        }
    }

    private static double dot(float[] x, int a, int b, int dim) {
        double s = 0;
        for (int d = 0; d < dim; d++) {
            s += (double) x[a * dim + d] * x[b * dim + d];
        }
        return s;
    }

    @Test
    void randomFloatDataAgreesWithBruteForceOnNeighbourSets() {
        Random r = new Random(5);
        int n = 200;
        int dim = 32;
        float[] x = new float[n * dim];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        int k = 15;
        int[] got = new KnnSearch(k, 16, 50, 2).searchAll(x, n, x, n, dim, true).indices();
        int[] want = bruteForce(x, n, x, n, dim, k, true);
        // Gaussian data has no near-ties at this size, so even the order agrees.
        assertThat(got).containsExactly(want);
    }

    @Test
    void kLargerThanTheGalleryIsRejected() {
        float[] g = integerData(5, 3, 1);
        assertThatThrownBy(() -> new KnnSearch(5, 2).searchAll(g, 5, g, 5, 3, true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("k=5 exceeds the 4 gallery items");
        assertThat(new KnnSearch(5, 2).searchAll(g, 5, g, 5, 3, false).indices())
                .hasSize(25);
        assertThat(Arrays.stream(new KnnSearch(4, 2)
                                .searchAll(g, 5, g, 5, 3, true)
                                .indices())
                        .distinct()
                        .count())
                .isEqualTo(5);
    }
}
