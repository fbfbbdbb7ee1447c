package io.dsml.losses.proxy;

import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;
import io.dsml.core.model.Rows;
import io.dsml.core.model.Scalars;
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
        return BatchOps.crossEntropy(logits(store, embeddings, training), labels);
    }

    private NDArray logits(ParameterStore store, NDArray embeddings, boolean training) {
        NDArray squared = Pairwise.squaredEuclideanBetween(
                Rows.l2Normalize(embeddings), unitProxies(store, embeddings, training));
        return Scalars.mul(squared, -softmaxScale);
    }

    /** Proxy-NCA's class posterior, softmax_c(-softmax_scale ||z - p_c||^2). */
    @Override
    public java.util.Optional<io.dsml.core.spi.ClassScorer> probabilityLogits() {
        return java.util.Optional.of((store, embeddings) -> logits(store, embeddings, false));
    }
}
