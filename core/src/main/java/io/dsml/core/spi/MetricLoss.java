package io.dsml.core.spi;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Optional;

/**
 * A metric-learning loss as a DJL {@code Block}: its forward pass takes {@code (embeddings [B, d],
 * labels [B] int32)}, optionally followed by a reference set {@code (refEmbeddings [M, d],
 * refLabels [M])}, and returns the scalar loss.
 *
 * <p>Being a block lets a loss own per-class state the way DJL owns any state. Gradient-learned
 * state (classifier weights, proxies) is a {@link ai.djl.nn.Parameter} with gradients, updated by
 * the optimizer with the network. Non-gradient state (vMF mean directions) is a parameter created
 * with {@code optRequiresGrad(false)}, which the optimizer skips, refreshed through {@link
 * RefreshableClassState}. Both are saved with the model's parameters.
 *
 * <p>A loss receives the embeddings exactly as the model emits them and applies its own
 * definition: losses defined on the hypersphere normalise (idempotent on unit vectors), others do
 * not. Implementations call operators on the batch arrays, not on their parameters, so that every
 * intermediate lands in the batch's sub-manager and is freed with it.
 */
public abstract class MetricLoss extends AbstractBlock {
    private static final byte VERSION = 1;

    protected MetricLoss() {
        super(VERSION);
    }

    /**
     * Computes the scalar loss of one batch.
     *
     * @param parameterStore where to read this loss's parameters for the embeddings' device
     * @param embeddings float32 [B, d]
     * @param labels int32 [B], dense class indices in [0, classes)
     * @param training whether this is a training pass
     * @return a scalar NDArray
     */
    protected abstract NDArray loss(
            ParameterStore parameterStore, NDArray embeddings, NDArray labels, boolean training);

    /**
     * Computes the scalar loss of one batch against a separate reference set, pytorch-metric-
     * learning's {@code loss(embeddings, labels, ref_emb=..., ref_labels=...)}: pairs and triplets
     * are formed between the batch's samples (the anchors) and the reference samples, never
     * within the batch. This is what a cross-batch memory passes. When the reference set is the
     * batch itself (the same arrays), it is {@link #loss(ParameterStore, NDArray, NDArray, boolean)}.
     *
     * <p>The default accepts only the batch itself as reference set; losses that form pairs
     * override it (see {@link #supportsReferenceSet}). Also reachable as the block's forward pass
     * with the inputs {@code (embeddings, labels, refEmbeddings, refLabels)}.
     *
     * @param refEmbeddings float32 [M, d]
     * @param refLabels int32 [M]
     * @throws UnsupportedOperationException if this loss takes no reference set and one is given
     */
    public NDArray loss(
            ParameterStore parameterStore,
            NDArray embeddings,
            NDArray labels,
            NDArray refEmbeddings,
            NDArray refLabels,
            boolean training) {
        if (refEmbeddings != embeddings || refLabels != labels) {
            throw new UnsupportedOperationException(
                    getClass().getSimpleName() + " takes no reference set apart from the batch itself");
        }
        return loss(parameterStore, embeddings, labels, training);
    }

    /** Whether {@link #loss(ParameterStore, NDArray, NDArray, NDArray, NDArray, boolean)} takes a separate reference set. */
    public boolean supportsReferenceSet() {
        return false;
    }

    /**
     * Whether this loss is computed from pairs or triplets formed inside the batch (contrastive,
     * triplet, N-pair, lifted structure, multi-similarity). Such a loss is only defined on a batch
     * with at least two classes and at least one positive pair; on other batches it returns 0.
     * {@code dsml loss} rejects such input instead of printing a meaningless 0.
     */
    public boolean needsPositivePairs() {
        return false;
    }

    /** Scores per class for classification, if this loss defines a classifier. */
    public Optional<ClassScorer> classifier() {
        return Optional.empty();
    }

    /**
     * Logits whose row-wise softmax is this loss's class posterior p(c | x) at test time, if the
     * loss defines one (softmax: the linear logits; vMF: kappa mu_c.z; cosine classifiers: the
     * scaled cosines without the training margin). Calibration (ECE, NLL) is measured on these;
     * losses without a probabilistic classifier (pair and triplet losses, Proxy-Anchor) have none.
     */
    public Optional<ClassScorer> probabilityLogits() {
        return Optional.empty();
    }

    /**
     * The loss's per-class state [classes, d] (vMF mean directions, proxies, classifier weights), if
     * it has one; {@code dsml loss --centers} sets it.
     */
    public Optional<ai.djl.nn.Parameter> classState() {
        return Optional.empty();
    }

    /**
     * Writes state that is neither a parameter nor derivable from parameters (e.g. vMF's online
     * accumulators in mid-epoch), for checkpoints. Most losses have none.
     */
    public void saveState(java.io.DataOutputStream out) throws java.io.IOException {
        out.writeInt(0);
    }

    /** Reads what {@link #saveState} wrote. */
    public void loadState(java.io.DataInputStream in) throws java.io.IOException {
        int length = in.readInt();
        if (length != 0) {
            throw new java.io.IOException("unexpected loss state of " + length + " bytes");
        }
    }

    @Override
    protected final NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        if (inputs.size() == 4) {
            return new NDList(
                    loss(parameterStore, inputs.get(0), inputs.get(1), inputs.get(2), inputs.get(3), training));
        }
        if (inputs.size() != 2) {
            throw new IllegalArgumentException(
                    "a metric loss takes (embeddings, labels) or (embeddings, labels, refEmbeddings, refLabels)");
        }
        return new NDList(loss(parameterStore, inputs.get(0), inputs.get(1), training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape()};
    }

    /** Parameters have fixed shapes chosen at construction; nothing depends on input shapes. */
    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        // no child blocks
    }
}
