package io.dsml.losses.testing;

import java.lang.ref.WeakReference;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes the native memory of unreachable direct buffers hold other values, as a busy JVM does
 * sooner or later: a full collection, the cleaners that free the buffers' memory, then many small
 * direct buffers (the size of a scalar) filled with {@link #SCRIBBLE}, which reuse it. Anything
 * that still reads memory of a freed buffer reads that value. Closing releases the buffers.
 */
public final class FreedNativeMemory implements AutoCloseable {
    /** The value the new buffers hold: far from every constant a loss uses. */
    public static final float SCRIBBLE = 1e6f;

    private static final int BUFFERS = 4096;
    private static final int CLEANER_WAIT_MILLIS = 20;

    private List<ByteBuffer> buffers = new ArrayList<>();

    private FreedNativeMemory() {}

    /** Collects garbage, waits for the freed memory to be released, and overwrites what it can of it. */
    public static FreedNativeMemory collectAndOverwrite() {
        collect();
        FreedNativeMemory memory = new FreedNativeMemory();
        for (int i = 0; i < BUFFERS; i++) {
            // 4 bytes: a float32 scalar's; 8: an int64 or float64 scalar's.
            memory.buffers.add(filled(4));
            memory.buffers.add(filled(8));
        }
        return memory;
    }

    private static ByteBuffer filled(int bytes) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
        for (int offset = 0; offset + Float.BYTES <= bytes; offset += Float.BYTES) {
            buffer.putFloat(offset, SCRIBBLE);
        }
        return buffer;
    }

    /** A full collection, observed through a cleared weak reference, then time for the cleaners. */
    private static void collect() {
        WeakReference<Object> witness = new WeakReference<>(new Object());
        while (witness.get() != null) {
            System.gc();
        }
        try {
            Thread.sleep(CLEANER_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        buffers = null;
    }
}
