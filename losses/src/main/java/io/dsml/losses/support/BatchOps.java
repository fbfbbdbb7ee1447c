package io.dsml.losses.support;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;

/** Small helpers every loss needs: borrowing parameters into a batch's scope, cross-entropy. */
public final class BatchOps {
    private BatchOps() {}

    /**
     * Reads a parameter for the device of {@code batchArray} and attaches it temporarily to that
     * array's manager, so that every operator applied to it lands in the batch's sub-manager (and
     * is freed with it) instead of the model's manager, where it would pile up step after step.
     * The parameter goes back to its own manager when the batch's manager closes.
     */
    public static NDArray borrow(ParameterStore store, Parameter parameter, NDArray batchArray, boolean training) {
        NDArray value = store.getValue(parameter, batchArray.getDevice(), training);
        // Borrowing twice in one scope would record the scope itself as the original manager.
        if (value.getManager() != batchArray.getManager()) {
            value.tempAttach(batchArray.getManager());
        }
        return value;
    }

    /**
     * Mean softmax cross-entropy of {@code logits} [B, C] against dense int labels [B]:
     * {@code -(1/B) sum_i log softmax(logits_i)[y_i]}.
     */
    public static NDArray crossEntropy(NDArray logits, NDArray labels) {
        // One pick instead of oneHot, mul and sum: two fewer operators forward and backward per
        // step, and no [B, C] one-hot array (the same indexing DJL's SoftmaxCrossEntropyLoss uses).
        NDArray picked = logits.logSoftmax(1).get(new NDIndex().addAllDim().addPickDim(labels));
        return picked.mean().neg();
    }

    /**
     * A zero loss that is still connected to the embeddings, for batches that have nothing to
     * learn from (no pair, no triplet): backpropagating it gives a zero gradient instead of
     * failing on an array outside the autograd graph.
     */
    public static NDArray zeroLoss(NDArray embeddings) {
        return embeddings.mul(0f).sum();
    }

    /** Logits {@code W e + b} of a linear classifier, its parameters borrowed into the batch's scope. */
    public static NDArray linearLogits(
            ParameterStore store, Parameter weight, Parameter bias, NDArray embeddings, boolean training) {
        NDArray w = borrow(store, weight, embeddings, training);
        NDArray b = borrow(store, bias, embeddings, training);
        return ai.djl.nn.core.Linear.linear(embeddings, w, b).singletonOrThrow();
    }
}
