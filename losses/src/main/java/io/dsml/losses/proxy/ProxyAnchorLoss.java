package io.dsml.losses.proxy;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import io.dsml.core.model.Rows;
import io.dsml.core.model.Scalars;
import io.dsml.losses.support.Reductions;

/**
 * Proxy-anchor loss (Kim, Kim, Cho and Kwak 2020) as pytorch-metric-learning 2.x's {@code
 * ProxyAnchorLoss}: with cosines s(x, p) between normalised embeddings and proxies,
 * <pre>
 *   L = 1/|P+| sum_{p in P+} log(1 + sum_{x in X_p+} exp(-alpha (s(x,p) - margin)))
 *     + 1/|P|  sum_{p in P}  log(1 + sum_{x in X_p-} exp( alpha (s(x,p) + margin)))
 * </pre>
 * where P+ are the proxies of the classes present in the batch, X_p+ the samples of p's class and
 * X_p- the others.
 */
public final class ProxyAnchorLoss extends ProxyLoss {
    private final float margin;
    private final float alpha;

    public ProxyAnchorLoss(double margin, double alpha, int classes, int dim) {
        super(classes, dim);
        this.margin = (float) margin;
        this.alpha = (float) alpha;
    }

    @Override
    protected NDArray loss(ParameterStore store, NDArray embeddings, NDArray labels, boolean training) {
        NDArray cosines = Linear.linear(Rows.l2Normalize(embeddings), unitProxies(store, embeddings, training))
                .singletonOrThrow();
        NDArray positives = labels.oneHot(classes());
        NDArray negatives = positives.neg().add(1f);
        NDArray positiveTerm =
                Reductions.maskedLogSumExp(Scalars.mul(cosines.neg().add(margin), alpha), positives, true, 0);
        NDArray negativeTerm = Reductions.maskedLogSumExp(Scalars.mul(cosines.add(margin), alpha), negatives, true, 0);
        NDArray proxiesWithPositives = positives.max(new int[] {0}).sum();
        return positiveTerm.sum().div(proxiesWithPositives).add(Scalars.div(negativeTerm.sum(), classes()));
    }
}
