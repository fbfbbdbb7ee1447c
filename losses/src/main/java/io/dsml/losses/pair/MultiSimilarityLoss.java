package io.dsml.losses.pair;

import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;
import io.dsml.losses.miners.Mined;
import io.dsml.losses.miners.Miner;
import io.dsml.losses.support.BatchOps;
import io.dsml.losses.support.Pairwise;
import io.dsml.losses.support.Reductions;

/**
 * Multi-similarity loss (Wang, Han, Huang, Dong and Scott 2019) as pytorch-metric-learning 2.x's
 * {@code MultiSimilarityLoss}, on cosine similarities S of L2-normalised embeddings. For every
 * anchor i, over its mined positive pairs P_i and negative pairs N_i:
 * <pre>
 *   L_i = 1/alpha log(1 + sum_{P_i} exp(-alpha (S_ik - base))) + 1/beta log(1 + sum_{N_i} exp(beta (S_ik - base)))
 * </pre>
 * (an empty sum gives 0), and the loss is the mean of L_i over all B anchors. The paper pairs the
 * loss with its own miner ({@code miner = multi-similarity}, slack {@code epsilon}); that is
 * pytorch-metric-learning's {@code MultiSimilarityLoss()(E, y, MultiSimilarityMiner()(E, y))}.
 */
public final class MultiSimilarityLoss extends PairBasedLoss {
    private final float alpha;
    private final float beta;
    private final float base;

    public MultiSimilarityLoss(double alpha, double beta, double base, Miner miner) {
        super(miner);
        this.alpha = (float) alpha;
        this.beta = (float) beta;
        this.base = (float) base;
    }

    @Override
    protected NDArray loss(ParameterStore store, NDArray embeddings, NDArray labels, boolean training) {
        NDArray similarities = Pairwise.cosineMatrix(embeddings);
        Mined.Pairs pairs =
                mineOnSimilarities(similarities, Pairwise.labels(labels)).toPairs();
        if (pairs.posAnchors().length == 0 && pairs.negAnchors().length == 0) {
            return BatchOps.zeroLoss(embeddings);
        }
        NDArray positives = indicator(similarities, pairs.posAnchors(), pairs.positives());
        NDArray negatives = indicator(similarities, pairs.negAnchors(), pairs.negatives());
        NDArray positiveTerm = Reductions.maskedLogSumExp(
                        similarities.neg().add(base).mul(alpha), positives, true, 1)
                .div(alpha);
        NDArray negativeTerm = Reductions.maskedLogSumExp(similarities.sub(base).mul(beta), negatives, true, 1)
                .div(beta);
        return positiveTerm.add(negativeTerm).mean();
    }
}
