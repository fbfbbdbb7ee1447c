package io.dsml.evaluation.knn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TopKTest {
    @Test
    void keysSortByScoreDescendingThenIndexAscending() {
        assertThat(TopK.key(1f, 5)).isLessThan(TopK.key(0.5f, 1));
        assertThat(TopK.key(-0.25f, 0)).isLessThan(TopK.key(-0.5f, 0));
        assertThat(TopK.key(0.5f, 1)).isLessThan(TopK.key(0.5f, 2));
        // -0 and +0 are equal scores, so the lower index wins either way round.
        assertThat(TopK.key(-0f, 1)).isLessThan(TopK.key(0f, 2));
        assertThat(TopK.key(0f, 1)).isLessThan(TopK.key(-0f, 2));
        for (float s : new float[] {-1f, -1e-30f, 0f, 3.5f, Float.MAX_VALUE}) {
            assertThat(TopK.score(TopK.key(s, 77))).isEqualTo(s);
            assertThat(TopK.index(TopK.key(s, 77))).isEqualTo(77);
        }
    }

    @Test
    void quickselectPlacesTheNthValue() {
        Random r = new Random(2);
        for (int trial = 0; trial < 200; trial++) {
            int n = 1 + r.nextInt(60);
            long[] a = new long[n + 4];
            for (int i = 0; i < a.length; i++) {
                a[i] = r.nextInt(10) - 5; // many duplicates
            }
            int lo = 2;
            int hi = lo + n - 1;
            int nth = lo + r.nextInt(n);
            long[] sorted = Arrays.copyOfRange(a, lo, hi + 1);
            Arrays.sort(sorted);
            TopK.select(a, lo, hi, nth);
            assertThat(a[nth]).isEqualTo(sorted[nth - lo]);
            for (int i = lo; i < nth; i++) {
                assertThat(a[i]).isLessThanOrEqualTo(a[nth]);
            }
            for (int i = nth + 1; i <= hi; i++) {
                assertThat(a[i]).isGreaterThanOrEqualTo(a[nth]);
            }
        }
    }
}
