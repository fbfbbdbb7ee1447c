package io.dsml.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Copies host batches into NDArrays through one reused direct buffer. {@code manager.create(float[])}
 * allocates a fresh direct buffer per call (400 KiB per quickstart batch) that is freed only when
 * the garbage collector gets to it; until then it sits in the process's resident set. MXNet copies
 * out of a direct buffer synchronously in {@code NDArray.set}, so one buffer serves every batch.
 * Other engines may keep a reference to the buffer they were given, so they get {@code create}.
 * Not thread-safe: one per training loop or inference pass.
 */
final class HostUpload {
    private ByteBuffer staging;
    private int buffersAllocated;

    /** A FLOAT32 array of {@code shape} in {@code manager} holding {@code values}. */
    NDArray floats(NDManager manager, float[] values, Shape shape) {
        if (!"MXNet".equals(manager.getEngine().getEngineName())) {
            return manager.create(values, shape);
        }
        int bytes = values.length * Float.BYTES;
        if (staging == null || staging.capacity() < bytes) {
            staging = ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
            buffersAllocated++;
        }
        staging.clear();
        staging.asFloatBuffer().put(values);
        staging.limit(bytes);
        NDArray array = manager.create(shape, DataType.FLOAT32);
        array.set(staging);
        return array;
    }

    /** How many staging buffers this has allocated: one, plus one per growth (for tests). */
    int buffersAllocated() {
        return buffersAllocated;
    }
}
