package io.dsml.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

/** Arrays uploaded through the shared buffer hold their own values, whatever comes after them. */
class HostUploadTest {
    @Test
    void eachUploadIsAnIndependentCopyAcrossGrowingAndShrinkingBatches() {
        HostUpload upload = new HostUpload();
        try (NDManager manager = NDManager.newBaseManager()) {
            assumeTrue("MXNet".equals(manager.getEngine().getEngineName()), "the shared buffer is MXNet's path");
            float[] first = {1, 2, 3, 4, 5, 6};
            float[] larger = new float[12];
            for (int i = 0; i < larger.length; i++) {
                larger[i] = -i - 0.5f;
            }
            float[] smaller = {7, 8, 9};

            NDArray a = upload.floats(manager, first, new Shape(2, 3));
            NDArray b = upload.floats(manager, larger, new Shape(4, 3));
            NDArray c = upload.floats(manager, smaller, new Shape(1, 3));

            assertThat(a.getDataType()).isEqualTo(DataType.FLOAT32);
            assertThat(a.getShape()).isEqualTo(new Shape(2, 3));
            assertThat(a.toFloatArray()).containsExactly(first);
            assertThat(b.toFloatArray()).containsExactly(larger);
            assertThat(c.toFloatArray()).containsExactly(smaller);
            assertThat(upload.buffersAllocated())
                    .as("one buffer, grown once, reused for the smaller batch")
                    .isEqualTo(2);
        }
    }
}
