package io.dsml.losses.cosine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import io.dsml.core.model.Rows;
import io.dsml.core.spi.ClassScorer;
import io.dsml.core.spi.MetricLoss;
import io.dsml.losses.support.BatchOps;
import java.util.Optional;

/**
 * Softmax cross-entropy on the cosines between the embedding and learned class weight vectors,
 * both L2-normalised: the common shape of normalised softmax, CosFace and ArcFace, which differ
 * only in how they turn the cosines into logits ({@link #logits}). The weights [classes, d] are a
 * gradient-learned parameter (the loss's class state, set by {@code dsml loss --centers});
 * classification is the argmax of the cosines. The batch loss is the mean over samples
 * (pytorch-metric-learning's {@code MeanReducer}).
 */
public abstract class CosineClassifierLoss extends MetricLoss {
    private final int classes;
    private final Parameter weight;

    protected CosineClassifierLoss(int classes, int dim) {
        this.classes = classes;
        this.weight = addParameter(Parameter.builder()
                .setName("class_weights")
                .setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(classes, dim))
                .optInitializer(new NormalInitializer(1f))
                .build());
    }

    /**
     * The logits of the cross-entropy.
     *
     * @param cosines [B, classes] cosines between embeddings and class weights
     * @param targets [B, classes] one-hot of the labels
     */
    protected abstract NDArray logits(NDArray cosines, NDArray targets);

    @Override
    protected NDArray loss(ParameterStore store, NDArray embeddings, NDArray labels, boolean training) {
        NDArray targets = labels.oneHot(classes);
        return BatchOps.crossEntropy(logits(cosines(store, embeddings, training), targets), labels);
    }

    private NDArray cosines(ParameterStore store, NDArray embeddings, boolean training) {
        NDArray w = BatchOps.borrow(store, weight, embeddings, training);
        return Linear.linear(Rows.l2Normalize(embeddings), Rows.l2Normalize(w)).singletonOrThrow();
    }

    @Override
    public Optional<ClassScorer> classifier() {
        return Optional.of((store, embeddings) -> cosines(store, embeddings, false));
    }

    /**
     * The logits with no target class: the scaled cosines, as the trained model scores a test
     * sample (the margins of CosFace and ArcFace apply to the training target only).
     */
    @Override
    public Optional<ClassScorer> probabilityLogits() {
        return Optional.of((store, embeddings) -> {
            NDArray cosines = cosines(store, embeddings, false);
            return logits(cosines, cosines.zerosLike());
        });
    }

    @Override
    public Optional<Parameter> classState() {
        return Optional.of(weight);
    }

    /** The class weight vectors [classes, d]. */
    public Parameter classWeights() {
        return weight;
    }
}
