package io.dsml.core.train.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/** SGD with (heavy-ball) momentum and L2 weight decay, as DJL's {@code Sgd}, with resumable state. */
public final class ResumableSgd extends ResumableOptimizer {
    private final float momentum;

    public ResumableSgd(float learningRate, float momentum, float weightDecay) {
        this(LearningRates.constant(learningRate), momentum, weightDecay);
    }

    public ResumableSgd(LearningRates rates, float momentum, float weightDecay) {
        super(new Builder().optWeightDecays(weightDecay), rates);
        this.momentum = momentum;
    }

    @Override
    protected void apply(String parameterId, NDArray weight, NDArray grad, float learningRate) {
        nextCount(parameterId);
        NDList inputs = momentum == 0
                ? new NDList(weight, grad)
                : new NDList(weight, grad, state("momentum", parameterId, weight));
        weight.getNDArrayInternal()
                .sgdUpdate(
                        inputs,
                        new NDList(weight),
                        learningRate,
                        getWeightDecay(),
                        rescaleGrad,
                        clipGrad,
                        momentum,
                        true);
    }

    /** Carries the shared optimizer options. */
    private static final class Builder extends OptimizerBuilder<Builder> {
        @Override
        protected Builder self() {
            return this;
        }
    }
}
