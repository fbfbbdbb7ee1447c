package io.dsml.evaluation.clustering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsml.evaluation.compute.Vectors;
import java.util.Random;
import org.junit.jupiter.api.Test;

class KMeansTest {
    /** {@code k} tight blobs around random unit directions in {@code dim} dimensions. */
    private static float[] blobs(int k, int perCluster, int dim, double noise, long seed, int[] labels) {
        Random r = new Random(seed);
        float[] centres = new float[k * dim];
        for (int i = 0; i < centres.length; i++) {
            centres[i] = (float) r.nextGaussian();
        }
        centres = Vectors.normalizedCopy(centres, k, dim);
        float[] x = new float[k * perCluster * dim];
        for (int p = 0; p < k * perCluster; p++) {
            labels[p] = p % k;
            for (int d = 0; d < dim; d++) {
                x[p * dim + d] = (float) (centres[labels[p] * dim + d] + noise * r.nextGaussian());
            }
        }
        return Vectors.normalizedCopy(x, k * perCluster, dim);
    }

    private static KMeans.Options options(boolean spherical, long seed) {
        return new KMeans.Options(3, 30, 1e-6, spherical, seed, 2);
    }

    @Test
    void recoversWellSeparatedClusters() {
        for (boolean spherical : new boolean[] {false, true}) {
            int[] labels = new int[40 * 25];
            float[] x = blobs(40, 25, 24, 0.02, 9, labels);
            KMeans.Result res = KMeans.fit(x, labels.length, 24, 40, options(spherical, 4));
            assertThat(MutualInformation.nmi(labels, res.assignment()))
                    .as("spherical=" + spherical)
                    .isEqualTo(1.0, org.assertj.core.api.Assertions.within(1e-12));
        }
    }

    @Test
    void sameSeedSameClusteringAndThreadsDoNotMatter() {
        int[] labels = new int[30 * 10];
        float[] x = blobs(30, 10, 8, 0.4, 2, labels);
        KMeans.Result a = KMeans.fit(x, labels.length, 8, 30, options(false, 5));
        KMeans.Result b = KMeans.fit(x, labels.length, 8, 30, new KMeans.Options(3, 30, 1e-6, false, 5, 1));
        assertThat(a.assignment()).containsExactly(b.assignment());
        assertThat(a.objective()).isEqualTo(b.objective());
    }

    @Test
    void moreRestartsNeverWorsenTheObjective() {
        int[] labels = new int[20 * 6];
        float[] x = blobs(20, 6, 6, 0.6, 3, labels);
        double one = KMeans.fit(x, labels.length, 6, 20, new KMeans.Options(1, 20, 0, false, 8, 2))
                .objective();
        double five = KMeans.fit(x, labels.length, 6, 20, new KMeans.Options(5, 20, 0, false, 8, 2))
                .objective();
        assertThat(five).isLessThanOrEqualTo(one);
    }

    @Test
    void kEqualToNGivesEveryPointItsOwnCluster() {
        int[] labels = new int[12];
        float[] x = blobs(12, 1, 5, 0.0, 1, labels);
        int[] a = KMeans.fit(x, 12, 5, 12, options(false, 1)).assignment();
        assertThat(java.util.Arrays.stream(a).distinct().count()).isEqualTo(12);
    }

    @Test
    void duplicatePointsStillYieldKNonEmptyClustersWhenPossible() {
        // 6 copies each of 3 distinct points, k = 3.
        float[] x = new float[18 * 2];
        for (int i = 0; i < 18; i++) {
            x[2 * i] = i % 3;
            x[2 * i + 1] = 1;
        }
        int[] a = KMeans.fit(Vectors.normalizedCopy(x, 18, 2), 18, 2, 3, options(false, 0))
                .assignment();
        assertThat(java.util.Arrays.stream(a).distinct().count()).isEqualTo(3);
        for (int i = 3; i < 18; i++) {
            assertThat(a[i]).isEqualTo(a[i % 3]);
        }
    }

    @Test
    void rejectsKOutOfRange() {
        float[] x = new float[10];
        assertThatThrownBy(() -> KMeans.fit(x, 5, 2, 6, options(false, 0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("k=6");
    }
}
