package io.dsml.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsml.core.spi.LabeledImages;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SubsetImagesTest {
    /** 3 classes of 10, 4 and 1 samples, interleaved; pixel value = index. */
    private static final int[] LABELS = {0, 1, 0, 0, 1, 2, 0, 0, 1, 0, 0, 0, 1, 0, 0};

    private static final LabeledImages BASE = new LabelsOnlyImages(LABELS, 3);

    @Test
    void perClassTakesAtMostKOfEachClassInIncreasingIndexOrder() {
        SubsetImages sample = SubsetImages.perClass(BASE, 3, 42);

        int[] counts = new int[3];
        int previous = -1;
        for (int i = 0; i < sample.size(); i++) {
            assertThat(sample.label(i)).isEqualTo(LABELS[sample.baseIndex(i)]);
            assertThat(sample.baseIndex(i)).isGreaterThan(previous);
            previous = sample.baseIndex(i);
            counts[sample.label(i)]++;
        }
        assertThat(counts).containsExactly(3, 3, 1);
        assertThat(sample.classes()).isEqualTo(3);
        float[] pixel = new float[1];
        sample.read(0, pixel, 0, false, null);
        assertThat(pixel[0]).isEqualTo(sample.baseIndex(0));
    }

    @Test
    void perClassIsDeterministicPerSeedAndVariesAcrossSeeds() {
        int[] a = indices(SubsetImages.perClass(BASE, 2, 7));
        assertThat(indices(SubsetImages.perClass(BASE, 2, 7))).containsExactly(a);
        boolean anyDifferent = false;
        for (long seed = 0; seed < 20 && !anyDifferent; seed++) {
            anyDifferent = !Arrays.equals(a, indices(SubsetImages.perClass(BASE, 2, seed)));
        }
        assertThat(anyDifferent).as("some seed picks other samples").isTrue();
    }

    @Test
    void perClassLargerThanEveryClassKeepsEverything() {
        assertThat(SubsetImages.perClass(BASE, 100, 1).size()).isEqualTo(LABELS.length);
    }

    @Test
    void perClassRejectsNonPositiveCounts() {
        assertThatThrownBy(() -> SubsetImages.perClass(BASE, 0, 1)).hasMessageContaining("perClass must be >= 1");
    }

    private static int[] indices(SubsetImages subset) {
        int[] out = new int[subset.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = subset.baseIndex(i);
        }
        return out;
    }
}
