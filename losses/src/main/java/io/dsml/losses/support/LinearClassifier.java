package io.dsml.losses.support;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import io.dsml.core.spi.ClassScorer;
import java.util.function.UnaryOperator;

/**
 * A linear classifier head {@code logits = W e + b} (W [classes, d], b [classes]) owned by a loss,
 * shared by the softmax and center losses.
 *
 * <p>Not a child block on purpose: its two parameters are registered on the owning loss itself
 * (through the loss's {@code addParameter}), so they keep the names {@code weight} and {@code
 * bias} that checkpoints written before this class existed hold; a child block would prefix them.
 */
public final class LinearClassifier {
    private final Parameter weight;
    private final Parameter bias;

    /**
     * Creates the head's parameters and registers them with the owning loss.
     *
     * @param register the owning block's {@code addParameter}, e.g. {@code this::addParameter}
     */
    public LinearClassifier(int classes, int dim, UnaryOperator<Parameter> register) {
        weight = register.apply(Parameter.builder()
                .setName("weight")
                .setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(classes, dim))
                .build());
        bias = register.apply(Parameter.builder()
                .setName("bias")
                .setType(Parameter.Type.BIAS)
                .optShape(new Shape(classes))
                .build());
    }

    /** {@code W e + b} [B, classes], the parameters borrowed into the embeddings' scope. */
    public NDArray logits(ParameterStore store, NDArray embeddings, boolean training) {
        return BatchOps.linearLogits(store, weight, bias, embeddings, training);
    }

    /** Mean softmax cross-entropy of the logits against dense labels [B]. */
    public NDArray crossEntropy(ParameterStore store, NDArray embeddings, NDArray labels, boolean training) {
        return BatchOps.crossEntropy(logits(store, embeddings, training), labels);
    }

    /** Classification by the argmax of the logits (inference mode). */
    public ClassScorer scorer() {
        return (store, embeddings) -> logits(store, embeddings, false);
    }

    /** The weights [classes, d]. */
    public Parameter weight() {
        return weight;
    }

    /** The bias [classes]. */
    public Parameter bias() {
        return bias;
    }
}
