package io.dsml.data.sampler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsml.core.error.DsmlException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MPerClassBatchSamplerTest {

    @Test
    void everyBatchHoldsExactlyMSamplesOfEachOfPClasses() {
        int[] labels = imbalanced();
        MPerClassBatchSampler sampler = new MPerClassBatchSampler(labels, 12, 3);
        for (int epoch = 0; epoch < 5; epoch++) {
            List<int[]> batches = sampler.epoch(new Random(epoch));
            assertThat(batches).hasSize(labels.length / 12);
            for (int[] batch : batches) {
                assertThat(batch).hasSize(12);
                Map<Integer, Integer> perClass = countByClass(batch, labels);
                assertThat(perClass).hasSize(4);
                assertThat(perClass.values()).containsOnly(3);
            }
        }
    }

    @Test
    void aBalancedSetIsCoveredOncePerEpoch() {
        // 6 classes x 10 samples, M = 5, P = 2: 6 batches = two passes over the classes, 10 draws per class.
        int[] labels = new int[60];
        for (int i = 0; i < 60; i++) {
            labels[i] = i % 6;
        }
        List<int[]> batches = new MPerClassBatchSampler(labels, 10, 5).epoch(new Random(3));
        int[] seen = new int[60];
        batches.forEach(batch -> java.util.Arrays.stream(batch).forEach(i -> seen[i]++));
        assertThat(seen).containsOnly(1);
    }

    @Test
    void classesAreVisitedEquallyOftenToWithinOne() {
        int[] labels = imbalanced();
        List<int[]> batches = new MPerClassBatchSampler(labels, 12, 3).epoch(new Random(9));
        Map<Integer, Integer> visits = new HashMap<>();
        for (int[] batch : batches) {
            countByClass(batch, labels).keySet().forEach(c -> visits.merge(c, 1, Integer::sum));
        }
        assertThat(visits).hasSize(7);
        int most = visits.values().stream().max(Integer::compare).orElseThrow();
        int least = visits.values().stream().min(Integer::compare).orElseThrow();
        assertThat(most - least).isLessThanOrEqualTo(1);
    }

    @Test
    void aClassSmallerThanMRepeatsItsSamples() {
        int[] labels = {0, 0, 0, 0, 1, 1, 1, 1, 2};
        List<int[]> batches = new MPerClassBatchSampler(labels, 12, 4).epoch(new Random(1));
        // 9 samples < one batch: one batch of three classes; class 2's single sample appears four times.
        assertThat(batches).hasSize(1);
        assertThat(java.util.Arrays.stream(batches.get(0)).filter(i -> i == 8).count())
                .isEqualTo(4);
    }

    @Test
    void theSameSeedGivesTheSameEpoch() {
        MPerClassBatchSampler sampler = new MPerClassBatchSampler(imbalanced(), 12, 3);
        assertThat(sampler.epoch(new Random(5)))
                .usingElementComparator(java.util.Arrays::compare)
                .containsExactlyElementsOf(sampler.epoch(new Random(5)));
        assertThat(sampler.epoch(new Random(5)).get(0))
                .isNotEqualTo(sampler.epoch(new Random(6)).get(0));
    }

    @Test
    void rejectsABatchSizeThatIsNotAMultipleOfM() {
        assertThatThrownBy(() -> new MPerClassSamplerFactory().create(imbalanced(), 10, 4))
                .isInstanceOf(DsmlException.class)
                .hasMessage("training.batch_size: 10 is not a multiple of training.samples_per_class (4),"
                        + " as the m-per-class sampler needs");
    }

    @Test
    void rejectsTooFewClasses() {
        assertThatThrownBy(() -> new MPerClassBatchSampler(new int[] {0, 0, 1, 1, 1}, 6, 2))
                .isInstanceOf(DsmlException.class)
                .hasMessageContaining("needs 3 classes per batch (6 / 2) but the training set has 2 classes");
    }

    /** 7 classes of sizes 2 to 20. */
    private static int[] imbalanced() {
        int[] sizes = {20, 2, 9, 13, 5, 17, 6};
        int n = java.util.Arrays.stream(sizes).sum();
        int[] labels = new int[n];
        int at = 0;
        for (int c = 0; c < sizes.length; c++) {
            for (int k = 0; k < sizes[c]; k++) {
                labels[at++] = c;
            }
        }
        return labels;
    }

    private static Map<Integer, Integer> countByClass(int[] batch, int[] labels) {
        Map<Integer, Integer> counts = new HashMap<>();
        for (int i : batch) {
            counts.merge(labels[i], 1, Integer::sum);
        }
        return counts;
    }
}
