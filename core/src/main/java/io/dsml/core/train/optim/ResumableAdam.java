package io.dsml.core.train.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/**
 * Adam (Kingma and Ba 2015) with L2 weight decay, the same fused update as DJL's {@code Adam},
 * with resumable state. Defaults beta1 0.9, beta2 0.999, epsilon 1e-8.
 */
public final class ResumableAdam extends ResumableOptimizer {
    private final float learningRate;
    private final float beta1 = 0.9f;
    private final float beta2 = 0.999f;
    private final float epsilon = 1e-8f;

    public ResumableAdam(float learningRate, float weightDecay) {
        super(new Builder().optWeightDecays(weightDecay));
        this.learningRate = learningRate;
    }

    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        int t = nextCount(parameterId);

        double coef1 = 1.0 - Math.pow(beta1, t);
        double coef2 = 1.0 - Math.pow(beta2, t);
        float corrected = (float) (learningRate * Math.sqrt(coef2) / coef1);
        NDList inputs =
                new NDList(weight, grad, state("mean", parameterId, weight), state("variance", parameterId, weight));
        weight.getNDArrayInternal()
                .adamUpdate(
                        inputs,
                        new NDList(weight),
                        learningRate,
                        corrected,
                        getWeightDecay(),
                        rescaleGrad,
                        clipGrad,
                        beta1,
                        beta2,
                        epsilon,
                        true,
                        false);
    }

    /** Carries the shared optimizer options (weight decay, gradient rescaling and clipping). */
    private static final class Builder extends OptimizerBuilder<Builder> {
        @Override
        protected Builder self() {
            return this;
        }
    }
}
