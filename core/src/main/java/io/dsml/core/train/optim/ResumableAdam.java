package io.dsml.core.train.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import io.dsml.core.model.Scalars;

/**
 * Adam (Kingma and Ba 2015), the same fused update as DJL's {@code Adam}, with resumable state.
 * Weight decay is either L2 (added to the gradient, as DJL's and PyTorch's {@code Adam}) or
 * decoupled (Loshchilov and Hutter 2019, PyTorch's {@code AdamW}: the weight shrinks by {@code
 * rate * decay} before the Adam step, outside the moments). Defaults beta1 0.9, beta2 0.999,
 * epsilon 1e-8.
 */
public final class ResumableAdam extends ResumableOptimizer {
    private final float beta1 = 0.9f;
    private final float beta2 = 0.999f;
    private final float epsilon = 1e-8f;
    private final boolean decoupled;
    private final float decay;

    /** Adam with L2 weight decay. */
    public ResumableAdam(float learningRate, float weightDecay) {
        this(LearningRates.constant(learningRate), weightDecay, false);
    }

    /**
     * @param rates the learning rate per parameter and step
     * @param weightDecay the decay coefficient
     * @param decoupled true for AdamW's decoupled decay, false for L2
     */
    public ResumableAdam(LearningRates rates, float weightDecay, boolean decoupled) {
        super(new Builder().optWeightDecays(decoupled ? 0f : weightDecay), rates);
        this.decoupled = decoupled;
        this.decay = weightDecay;
    }

    @Override
    protected void apply(String parameterId, NDArray weight, NDArray grad, float learningRate) {
        int t = nextCount(parameterId);
        if (decoupled && decay != 0) {
            Scalars.muli(weight, 1f - learningRate * decay);
        }
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
