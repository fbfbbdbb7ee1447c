package io.dsml.losses.support;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class PairwiseMasksTest {
    private static final int[] LABELS = {0, 1, 0, 2, 1};

    @Test
    void positiveMaskHoldsSameLabelPairsWithoutTheDiagonal() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray mask = Pairwise.positiveMask(manager.create(LABELS));
            assertThat(mask.getShape()).isEqualTo(new Shape(5, 5));
            assertThat(mask.getDataType()).isEqualTo(DataType.FLOAT32);
            assertThat(mask.toFloatArray()).containsExactly(bruteForce(true));
        }
    }

    @Test
    void negativeMaskHoldsDifferentLabelPairs() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray mask = Pairwise.negativeMask(manager.create(LABELS));
            assertThat(mask.toFloatArray()).containsExactly(bruteForce(false));
        }
    }

    @Test
    void masksAcceptInt64LabelsToo() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray labels = manager.create(new long[] {3, 3});
            assertThat(Pairwise.positiveMask(labels).toFloatArray()).containsExactly(0, 1, 1, 0);
            assertThat(Pairwise.negativeMask(labels).toFloatArray()).containsExactly(0, 0, 0, 0);
        }
    }

    /** The definition, entry by entry. */
    private static float[] bruteForce(boolean positive) {
        int b = LABELS.length;
        float[] mask = new float[b * b];
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < b; j++) {
                boolean same = LABELS[i] == LABELS[j];
                mask[i * b + j] = positive ? (same && i != j ? 1 : 0) : (same ? 0 : 1);
            }
        }
        return mask;
    }
}
