package io.dsml.losses.pair;

import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;
import io.dsml.core.spi.MetricLoss;
import io.dsml.losses.miners.LabelMasks;
import io.dsml.losses.miners.MinedMasks;
import io.dsml.losses.miners.Miner;

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
 */
public abstract class PairBasedLoss extends MetricLoss {
    private final PairLossParts parts;

    protected PairBasedLoss(PairLossParts parts) {
        this.parts = parts;
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
        return loss(store, embeddings, labels, embeddings, labels, training);
    }

    @Override
    public final NDArray loss(
            ParameterStore store,
            NDArray embeddings,
            NDArray labels,
            NDArray refEmbeddings,
            NDArray refLabels,
            boolean training) {
        boolean self = refEmbeddings == embeddings && refLabels == labels;
        NDArray metric = parts.distance().between(embeddings, self ? embeddings : refEmbeddings);
        LabelMasks masks = LabelMasks.of(labels, refLabels, self);
        MinedMasks mined = parts.miner().mine(parts.distance().closeness(metric), masks);
        return pairLoss(new PairBatch(metric, mined, parts.distance(), parts.reducer()));
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
