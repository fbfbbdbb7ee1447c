package io.dsml.core.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Copies host batches into NDArrays through direct buffers that are reused from batch to batch.
 *
 * <p>Why: on MXNet, DJL's {@code create(float[])} allocates a fresh direct {@code ByteBuffer} for
 * every call (400 KiB for a batch of 128 28x28 images, 800 KiB for an inference batch of 256), and
 * a direct buffer's memory is returned only after the garbage collector has found the buffer
 * unreachable. With a small young generation that is rare, so native memory outside the heap grew
 * by hundreds of MiB between collections, and the allocator kept much of it afterwards. MXNet
 * copies from the buffer synchronously ({@code MXNDArraySyncCopyFromCPU}), so one buffer can be
 * refilled as soon as the array exists. Other engines (PyTorch) may wrap a direct buffer without
 * copying it; for them this falls back to DJL's own {@code create}. One instance per thread.
 */
public final class StagingBuffer {
    private final boolean reusable;
    private ByteBuffer floats;
    private ByteBuffer ints;

    /** @param manager any manager of the engine in use (only its engine is looked at) */
    public StagingBuffer(NDManager manager) {
        this.reusable = "MXNet".equals(manager.getEngine().getEngineName());
    }

    /** A float32 array of {@code shape} in {@code manager} holding {@code values}. */
    public NDArray create(NDManager manager, float[] values, Shape shape) {
        if (!reusable) {
            return manager.create(values, shape);
        }
        floats = reserve(floats, values.length * Float.BYTES);
        floats.asFloatBuffer().put(values);
        NDArray array = manager.create(shape, DataType.FLOAT32);
        array.set(floats);
        return array;
    }

    /** An int32 vector in {@code manager} holding {@code values}. */
    public NDArray create(NDManager manager, int[] values) {
        if (!reusable) {
            return manager.create(values);
        }
        ints = reserve(ints, values.length * Integer.BYTES);
        ints.asIntBuffer().put(values);
        NDArray array = manager.create(new Shape(values.length), DataType.INT32);
        array.set(ints);
        return array;
    }

    /** A buffer of at least {@code bytes}, positioned at 0 with exactly {@code bytes} remaining. */
    private static ByteBuffer reserve(ByteBuffer buffer, int bytes) {
        if (buffer == null || buffer.capacity() < bytes) {
            buffer = ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
        }
        buffer.clear().limit(bytes);
        return buffer;
    }
}
