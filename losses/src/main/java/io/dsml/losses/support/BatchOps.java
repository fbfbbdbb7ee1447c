package io.dsml.losses.support;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import io.dsml.core.model.Scalars;

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
     * {@code (1/B) sum_i (logsumexp(logits_i) - logits_i[y_i])}.
     *
     * <p>Not MXNet's {@code log_softmax}: its CPU kernel is biased by about -1.4e-6 (two equal
     * logits give log-probabilities -0.69314575, not -ln 2 = -0.6931472, and a sample classified
     * with certainty gets log-probability +1.4e-6, a negative loss). Here the log-sum-exp is
     * written out with the row maximum as the shift, from the exact elementwise {@code exp} and
     * {@code log}: the shifted target logit is at most 0 and the shifted sum at least 1, so the
     * loss is never negative. The shift is detached; the value and the gradient do not depend on
     * it.
     */
    public static NDArray crossEntropy(NDArray logits, NDArray labels) {
        NDArray shifted = logits.sub(logits.max(new int[] {1}, true).stopGradient());
        NDArray logSumExp = shifted.exp().sum(new int[] {1}).log().reshape(-1);
        // One pick instead of oneHot, mul and sum: no [B, C] one-hot array (the same indexing DJL's
        // SoftmaxCrossEntropyLoss uses).
        NDArray target =
                shifted.get(new NDIndex().addAllDim().addPickDim(labels)).reshape(-1);
        return logSumExp.sub(target).mean();
    }

    /**
     * A zero loss that is still connected to the embeddings, for batches that have nothing to
     * learn from (no pair, no triplet): backpropagating it gives a zero gradient instead of
     * failing on an array outside the autograd graph.
     */
    public static NDArray zeroLoss(NDArray embeddings) {
        return Scalars.mul(embeddings, 0f).sum();
    }

    /** Logits {@code W e + b} of a linear classifier, its parameters borrowed into the batch's scope. */
    public static NDArray linearLogits(
            ParameterStore store, Parameter weight, Parameter bias, NDArray embeddings, boolean training) {
        NDArray w = borrow(store, weight, embeddings, training);
        NDArray b = borrow(store, bias, embeddings, training);
        return ai.djl.nn.core.Linear.linear(embeddings, w, b).singletonOrThrow();
    }
}
