package io.dsml.losses.softmax;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import io.dsml.core.spi.ClassScorer;
import io.dsml.core.spi.MetricLoss;
import io.dsml.losses.support.BatchOps;
import java.util.Optional;

/**
 * Softmax cross-entropy on a linear classifier over the embeddings, {@code logits = W e + b}: the
 * paper's classification baseline (pytorch-metric-learning has no plain softmax loss; this is
 * {@code torch.nn.CrossEntropyLoss} on a {@code Linear} layer). The embeddings are used as given.
 * Classification is the argmax of the logits.
 */
public final class SoftmaxLoss extends MetricLoss {
    private final Parameter weight;
    private final Parameter bias;

    public SoftmaxLoss(int classes, int dim) {
        weight = addParameter(Parameter.builder()
                .setName("weight")
                .setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(classes, dim))
                .build());
        bias = addParameter(Parameter.builder()
                .setName("bias")
                .setType(Parameter.Type.BIAS)
                .optShape(new Shape(classes))
                .build());
    }

    @Override
    protected NDArray loss(ParameterStore store, NDArray embeddings, NDArray labels, boolean training) {
        return BatchOps.crossEntropy(logits(store, embeddings, training), labels);
    }

    private NDArray logits(ParameterStore store, NDArray embeddings, boolean training) {
        return BatchOps.linearLogits(store, weight, bias, embeddings, training);
    }

    @Override
    public Optional<ClassScorer> classifier() {
        return Optional.of((store, embeddings) -> logits(store, embeddings, false));
    }

    /** The classifier's logits: p(c | x) = softmax(W e + b). */
    @Override
    public Optional<ClassScorer> probabilityLogits() {
        return classifier();
    }

    @Override
    public Optional<Parameter> classState() {
        return Optional.of(weight);
    }

    /** The classifier weights [classes, d]. */
    public Parameter weight() {
        return weight;
    }

    /** The classifier bias [classes]. */
    public Parameter bias() {
        return bias;
    }
}
