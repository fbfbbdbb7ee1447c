package io.dsml.losses.pair;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.dsml.core.error.DsmlException;
import io.dsml.losses.support.Pairwise;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;

/**
 * Cross-batch memory (Wang et al., "Cross-Batch Memory for Embedding Learning", CVPR 2020): a
 * first-in first-out queue of the last {@code size} training embeddings and their labels, which a
 * pair loss forms its pairs against instead of the batch alone. It follows pytorch-metric-learning's
 * {@code CrossBatchMemory.forward} step by step: each batch is enqueued first (detached), then
 * compared with the filled part of the queue, its own copies included; {@link Window#ownCopies}
 * marks the pairs of each sample with its own just-enqueued copy, which the loss removes from the
 * mined positives after mining ({@code lmu.remove_self_comparisons}).
 *
 * <p>The queue lives on the batches' device in a manager of its own, so it outlives the batches; a
 * window on it is attached to the batch's manager and freed with it. Its manager is a child of the
 * manager the loss was initialised with (the model's), so it is freed with the model. The queue is the loss's
 * state between steps: {@link #write} and {@link #read} carry it through a checkpoint.
 */
final class CrossBatchMemory {
    /** The tag of a saved queue in the loss state (the state of a loss without memory is 0). */
    static final int STATE_TAG = 0x58424d31; // "XBM1"

    private final int size;
    /** Where the queue's manager is created; null: a manager of its own (a memory used alone). */
    private NDManager owner;
    /** The queue on the device; null before the first batch and after a restore. */
    private NDManager manager;

    private NDArray embeddings; // [size, dim] float32
    private NDArray labels; // [size] int32
    /** The queue on the host, after a restore and before the first batch tells the device. */
    private Snapshot pending;

    private int dim;
    private int next; // PML's queue_idx: where the next sample goes
    private boolean filled; // PML's has_been_filled: every slot holds a sample

    CrossBatchMemory(int size) {
        this.size = size;
    }

    /** Creates the queue's manager under {@code parent} from now on, so that it is freed with it. */
    void ownedBy(NDManager parent) {
        owner = parent;
    }

    /**
     * What one batch is compared with.
     *
     * @param embeddings the filled part of the queue, the batch included, [M, d], no gradient
     * @param labels their labels [M] int32
     * @param ownCopies float32 [B, M], 1 at (i, slot of sample i's own copy), else 0
     */
    record Window(NDArray embeddings, NDArray labels, NDArray ownCopies) {}

    /**
     * Enqueues a training batch (overwriting the oldest samples once the queue is full) and returns
     * the queue as its reference set. PML's order: the batch is in the queue before it is compared.
     *
     * @param batch float32 [B, d] with B at most the memory's size
     * @param batchLabels int [B]
     */
    Window enqueue(NDArray batch, NDArray batchLabels) {
        int rows = Math.toIntExact(batch.getShape().get(0));
        if (rows > size) {
            throw new DsmlException("memory_size " + size + " is smaller than a training batch of " + rows
                    + " samples; the cross-batch memory must hold at least one batch");
        }
        placeOn(batch.getManager(), Math.toIntExact(batch.getShape().get(1)));
        int[] slots = new int[rows];
        for (int i = 0; i < rows; i++) {
            slots[i] = (next + i) % size;
        }
        // A host copy is the one way to detach that works on every engine (MXNet's stopGradient is
        // a recorded operator): the queue must never enter the autograd graph, since it is written
        // in place at every step. B x d floats per step.
        store(slots[0], batch.toFloatArray(), Pairwise.labels(batchLabels));
        int previous = next;
        next = (next + rows) % size;
        filled |= next <= previous;
        return window(batch.getManager(), slots);
    }

    private Window window(NDManager batchManager, int[] slots) {
        int count = filled ? size : next;
        NDArray refEmbeddings = embeddings.get(new NDIndex("0:{}", count));
        NDArray refLabels = labels.get(new NDIndex("0:{}", count));
        refEmbeddings.attach(batchManager);
        refLabels.attach(batchManager);
        NDArray ownCopies = batchManager.create(slots).oneHot(count).toType(DataType.FLOAT32, false);
        return new Window(refEmbeddings, refLabels, ownCopies);
    }

    /** Writes {@code rows} consecutive samples from slot {@code start} on, wrapping at the end. */
    private void store(int start, float[] values, int[] sampleLabels) {
        int rows = sampleLabels.length;
        int head = Math.min(rows, size - start);
        storeRange(start, 0, head, values, sampleLabels);
        storeRange(0, head, rows - head, values, sampleLabels);
    }

    private void storeRange(int slot, int from, int count, float[] values, int[] sampleLabels) {
        if (count == 0) {
            return;
        }
        NDIndex range = new NDIndex("{}:{}", slot, slot + count);
        float[] rows = Arrays.copyOfRange(values, from * dim, (from + count) * dim);
        try (NDArray newRows = manager.create(rows, new Shape(count, dim));
                NDArray newLabels = manager.create(Arrays.copyOfRange(sampleLabels, from, from + count))) {
            embeddings.set(range, newRows);
            labels.set(range, newLabels);
        }
    }

    /** Allocates the queue on the batch's device, or moves it there, with any restored samples. */
    private void placeOn(NDManager batchManager, int batchDim) {
        Device device = batchManager.getDevice();
        if (manager != null && manager.getDevice().equals(device)) {
            if (batchDim != dim) {
                throw new DsmlException(
                        "cross-batch memory holds " + dim + "-d embeddings, the batch is " + batchDim + "-d");
            }
            return;
        }
        Snapshot contents = manager != null ? snapshot() : pending;
        if (contents != null && contents.count() > 0 && contents.dim() != batchDim) {
            throw new DsmlException("the restored cross-batch memory holds " + contents.dim()
                    + "-d embeddings, the batch is " + batchDim + "-d");
        }
        close();
        manager = owner != null
                ? owner.newSubManager(device)
                : batchManager.getEngine().newBaseManager(device);
        dim = batchDim;
        embeddings = manager.zeros(new Shape(size, dim));
        labels = manager.zeros(new Shape(size), DataType.INT32);
        if (contents != null && contents.count() > 0) {
            store(0, contents.embeddings(), contents.labels());
        }
        pending = null;
    }

    /** Frees the queue on the device (its contents are gone unless snapshotted first). */
    private void close() {
        if (manager != null) {
            manager.close();
            manager = null;
        }
    }

    /** The filled slots, as the host sees them. */
    private Snapshot snapshot() {
        if (manager == null) {
            return pending != null ? pending : new Snapshot(0, new float[0], new int[0]);
        }
        int count = filled ? size : next;
        NDArray rows = embeddings.get(new NDIndex("0:{}", count));
        NDArray rowLabels = labels.get(new NDIndex("0:{}", count));
        Snapshot snapshot = new Snapshot(dim, rows.toFloatArray(), rowLabels.toIntArray());
        rows.close();
        rowLabels.close();
        return snapshot;
    }

    /** Writes the queue: tag, size, position, whether full, then the filled slots. */
    void write(DataOutputStream out) throws IOException {
        Snapshot contents = snapshot();
        out.writeInt(STATE_TAG);
        out.writeInt(size);
        out.writeInt(next);
        out.writeBoolean(filled);
        out.writeInt(contents.dim());
        out.writeInt(contents.count());
        for (float v : contents.embeddings()) {
            out.writeFloat(v);
        }
        for (int label : contents.labels()) {
            out.writeInt(label);
        }
    }

    /**
     * Reads what {@link #write} wrote, the tag included, replacing the queue; it is placed on the
     * device of the next batch.
     *
     * @throws IOException if the state is not a queue of this memory's size or is inconsistent
     */
    void read(DataInputStream in) throws IOException {
        int tag = in.readInt();
        if (tag != STATE_TAG) {
            throw new IOException("the checkpoint holds no cross-batch memory (memory_size " + size + ")");
        }
        int savedSize = in.readInt();
        int savedNext = in.readInt();
        boolean savedFilled = in.readBoolean();
        int savedDim = in.readInt();
        int count = in.readInt();
        if (savedSize != size) {
            throw new IOException("the checkpoint's cross-batch memory has memory_size " + savedSize + ", not " + size);
        }
        if (savedNext < 0 || savedNext >= size || savedDim < 0 || count != (savedFilled ? size : savedNext)) {
            throw new IOException("inconsistent cross-batch memory: position " + savedNext + ", " + count
                    + " samples of " + savedDim + " values, full " + savedFilled);
        }
        float[] values = new float[Math.multiplyExact(count, savedDim)];
        for (int i = 0; i < values.length; i++) {
            values[i] = in.readFloat();
        }
        int[] savedLabels = new int[count];
        for (int i = 0; i < count; i++) {
            savedLabels[i] = in.readInt();
        }
        close();
        pending = new Snapshot(savedDim, values, savedLabels);
        next = savedNext;
        filled = savedFilled;
    }

    /** Filled slots 0..count-1 on the host: {@code embeddings} [count, dim] row-major. */
    private record Snapshot(int dim, float[] embeddings, int[] labels) {
        int count() {
            return labels.length;
        }
    }
}
