package io.dsml.losses.cosine;

import ai.djl.ndarray.NDArray;
import io.dsml.core.model.Scalars;

/**
 * Normalised softmax (NormFace, Wang et al. 2017; Zhai and Wu 2019): cross-entropy on
 * {@code cos(z, w_c) / temperature}. As pytorch-metric-learning 2.x's {@code NormalizedSoftmaxLoss}
 * (default temperature 0.05); its weight matrix {@code W} [d, classes] is the transpose of dsml's
 * class state [classes, d]. This is vMF with learned mean directions and kappa = 1/temperature.
 */
public final class NormalizedSoftmaxLoss extends CosineClassifierLoss {
    private final float temperature;

    public NormalizedSoftmaxLoss(double temperature, int classes, int dim) {
        super(classes, dim);
        if (!(temperature > 0)) {
            throw new IllegalArgumentException("temperature must be > 0, got " + temperature);
        }
        this.temperature = (float) temperature;
    }

    @Override
    protected NDArray logits(NDArray cosines, NDArray targets) {
        return Scalars.div(cosines, temperature);
    }
}
