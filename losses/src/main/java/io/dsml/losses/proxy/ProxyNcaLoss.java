package io.dsml.losses.proxy;

import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;
import io.dsml.core.model.Rows;
import io.dsml.losses.support.BatchOps;
import io.dsml.losses.support.Pairwise;

/**
 * Proxy-NCA (Movshovitz-Attias et al. 2017) as pytorch-metric-learning 2.x's {@code ProxyNCALoss}
 * with its defaults: with z and the proxies p_c L2-normalised, each sample costs
 * {@code -log softmax_c(-softmax_scale * ||z - p_c||^2)[y]} and the loss is the batch mean.
 *
 * <p>Difference from the paper, as in pytorch-metric-learning: the softmax denominator includes
 * the positive proxy (the original sums over the other classes only, which makes the loss
 * unbounded below).
 */
public final class ProxyNcaLoss extends ProxyLoss {
    private final float softmaxScale;

    public ProxyNcaLoss(double softmaxScale, int classes, int dim) {
        super(classes, dim);
        this.softmaxScale = (float) softmaxScale;
    }

    @Override
    protected NDArray loss(ParameterStore store, NDArray embeddings, NDArray labels, boolean training) {
        NDArray squared = Pairwise.squaredEuclideanBetween(
                Rows.l2Normalize(embeddings), unitProxies(store, embeddings, training));
        return BatchOps.crossEntropy(squared.mul(-softmaxScale), labels);
    }

    /**
     * {@code -s ||z - p||^2 = 2 s cos(z, p) - 2 s} for unit vectors, so the posterior is the
     * softmax of 2 s times the classifier's cosines.
     */
    @Override
    public java.util.OptionalDouble posteriorScale() {
        return java.util.OptionalDouble.of(2.0 * softmaxScale);
    }
}
