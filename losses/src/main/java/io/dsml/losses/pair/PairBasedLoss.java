package io.dsml.losses.pair;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.dsml.core.spi.MetricLoss;
import io.dsml.losses.miners.LabelMasks;
import io.dsml.losses.miners.MinedMasks;
import io.dsml.losses.miners.Miner;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * A loss computed from pairs or triplets, chosen by a {@link Miner}, between the batch's samples
 * (anchors, rows) and a reference set (columns): the batch itself, or a separate set such as a
 * cross-batch memory. This class does the common prologue: the {@link Distance} matrix [B, M] with
 * gradient, the label masks, and the mining on a detached copy of the matrix, all on the batch's
 * device; a subclass evaluates its loss on every pair or triplet at once, weighted by how often
 * the miner chose it, and reduces with the {@link Reducer}.
 *
 * <p>Host round-trips: none for mining with the built-in miners (a miner written against index
 * lists mines on the host, see {@link Miner}); the Euclidean distances copy their Gram matrix
 * to the host once to find the near-duplicate pairs they recompute exactly (see {@code
 * Pairwise.euclideanBetween}).
 *
 * <p>With {@code memory_size > 0} ({@link PairLossParts#memorySize}) every training batch is
 * compared with a {@link CrossBatchMemory} instead of with itself, exactly as pytorch-metric-
 * learning's {@code CrossBatchMemory(loss, embedding_size, memory_size, miner)}: the batch is
 * enqueued, the miner chooses among the pairs of the batch (anchors) and the queue, and each
 * sample's pair with its own copy is removed from the chosen positives. Gradients flow through the
 * anchors only; the queue is detached. Non-training passes (validation losses) compare the batch
 * with itself and leave the queue alone. The queue is loss state ({@link #saveState}).
 */
public abstract class PairBasedLoss extends MetricLoss {
    private final PairLossParts parts;
    /** Null without a memory ({@code memory_size = 0}). */
    private final CrossBatchMemory memory;

    protected PairBasedLoss(PairLossParts parts) {
        this.parts = parts;
        this.memory = parts.memorySize() > 0 ? new CrossBatchMemory(parts.memorySize()) : null;
    }

    public PairLossParts parts() {
        return parts;
    }

    public Miner miner() {
        return parts.miner();
    }

    @Override
    public boolean needsPositivePairs() {
        return true;
    }

    @Override
    public boolean supportsReferenceSet() {
        return true;
    }

    @Override
    protected final NDArray loss(ParameterStore store, NDArray embeddings, NDArray labels, boolean training) {
        if (memory == null || !training) {
            return loss(store, embeddings, labels, embeddings, labels, training);
        }
        return lossAgainst(embeddings, labels, memory.enqueue(embeddings, labels));
    }

    /** The loss of a batch against a window on a cross-batch memory that holds the batch already. */
    final NDArray lossAgainst(NDArray embeddings, NDArray labels, CrossBatchMemory.Window window) {
        return minedLoss(embeddings, labels, window.embeddings(), window.labels(), window.ownCopies());
    }

    @Override
    public final NDArray loss(
            ParameterStore store,
            NDArray embeddings,
            NDArray labels,
            NDArray refEmbeddings,
            NDArray refLabels,
            boolean training) {
        return minedLoss(embeddings, labels, refEmbeddings, refLabels, null);
    }

    /**
     * The loss of the pairs the miner chooses between the batch and the reference set.
     *
     * @param ownCopies [B, M], 1 where a reference sample is the anchor's own copy (a cross-batch
     *     memory's): the miner sees these pairs, the loss does not (PML removes them after mining);
     *     null if there are none
     */
    private NDArray minedLoss(
            NDArray embeddings, NDArray labels, NDArray refEmbeddings, NDArray refLabels, NDArray ownCopies) {
        boolean self = refEmbeddings == embeddings && refLabels == labels;
        NDArray metric = parts.distance().between(embeddings, refEmbeddings);
        LabelMasks masks = LabelMasks.of(labels, refLabels, self);
        MinedMasks mined = parts.miner().mine(parts.distance().closeness(metric), masks);
        if (ownCopies != null) {
            mined = mined.withoutPositives(ownCopies);
        }
        return pairLoss(new PairBatch(metric, mined, parts.distance(), parts.reducer()));
    }

    /** The cross-batch memory's queue, if {@code memory_size > 0}; else no state. */
    @Override
    public void saveState(DataOutputStream out) throws IOException {
        if (memory == null) {
            super.saveState(out);
        } else {
            memory.write(out);
        }
    }

    /** Reads what {@link #saveState} wrote; a loss without memory reads the empty state of old checkpoints. */
    @Override
    public void loadState(DataInputStream in) throws IOException {
        if (memory == null) {
            super.loadState(in);
        } else {
            memory.read(in);
        }
    }

    /** A cross-batch memory's queue is freed with the manager the loss is initialised with. */
    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        if (memory != null) {
            memory.ownedBy(manager);
        }
    }

    /** The loss of the mined pairs or triplets of one batch. */
    protected abstract NDArray pairLoss(PairBatch batch);

    /**
     * What a subclass evaluates its loss on.
     *
     * @param metric the distance or similarity of every anchor to every reference sample [B, M],
     *     with gradient
     * @param mined what the miner chose
     * @param distance the metric's kind ({@link Distance#margin} orients margins)
     * @param reducer how per-element losses become the loss
     */
    protected record PairBatch(NDArray metric, MinedMasks mined, Distance distance, Reducer reducer) {}
}
