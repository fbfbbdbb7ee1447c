package io.dsml.losses.softmax;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import io.dsml.core.spi.ClassScorer;
import io.dsml.core.spi.MetricLoss;
import io.dsml.losses.support.LinearClassifier;
import java.util.Optional;

/**
 * Softmax cross-entropy on a linear classifier over the embeddings, {@code logits = W e + b}: the
 * paper's classification baseline (pytorch-metric-learning has no plain softmax loss; this is
 * {@code torch.nn.CrossEntropyLoss} on a {@code Linear} layer). The embeddings are used as given.
 * Classification is the argmax of the logits.
 */
public final class SoftmaxLoss extends MetricLoss {
    private final LinearClassifier head;

    public SoftmaxLoss(int classes, int dim) {
        head = new LinearClassifier(classes, dim, this::addParameter);
    }

    @Override
    protected NDArray loss(ParameterStore store, NDArray embeddings, NDArray labels, boolean training) {
        return head.crossEntropy(store, embeddings, labels, training);
    }

    @Override
    public Optional<ClassScorer> classifier() {
        return Optional.of(head.scorer());
    }

    /** The classifier's logits: p(c | x) = softmax(W e + b). */
    @Override
    public Optional<ClassScorer> probabilityLogits() {
        return classifier();
    }

    @Override
    public Optional<Parameter> classState() {
        return Optional.of(head.weight());
    }

    /** The classifier weights [classes, d]. */
    public Parameter weight() {
        return head.weight();
    }

    /** The classifier bias [classes]. */
    public Parameter bias() {
        return head.bias();
    }
}
