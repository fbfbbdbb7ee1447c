package io.dsml.core.data;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

/** Arrays made through the reused buffer hold their own values, whatever came after them. */
class StagingBufferTest {
    @Test
    void arraysKeepTheirValuesWhenTheBufferIsReused() {
        try (NDManager manager = NDManager.newBaseManager()) {
            StagingBuffer staging = new StagingBuffer(manager);
            NDArray first = staging.create(manager, new float[] {1, 2, 3, 4, 5, 6}, new Shape(2, 3));
            NDArray second = staging.create(manager, new float[] {7, 8}, new Shape(2));
            NDArray larger = staging.create(manager, new float[] {9, 10, 11, 12, 13, 14, 15, 16}, new Shape(8));
            NDArray labels = staging.create(manager, new int[] {3, 1, 2});

            assertThat(first.getShape()).isEqualTo(new Shape(2, 3));
            assertThat(first.toFloatArray()).containsExactly(1, 2, 3, 4, 5, 6);
            assertThat(second.toFloatArray()).containsExactly(7, 8);
            assertThat(larger.toFloatArray()).containsExactly(9, 10, 11, 12, 13, 14, 15, 16);
            assertThat(labels.getDataType()).isEqualTo(DataType.INT32);
            assertThat(labels.toIntArray()).containsExactly(3, 1, 2);
        }
    }
}
