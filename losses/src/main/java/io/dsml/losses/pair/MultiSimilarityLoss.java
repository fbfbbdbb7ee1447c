package io.dsml.losses.pair;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import io.dsml.core.model.Scalars;
import io.dsml.losses.miners.MinedMasks;
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
 * The distance, reducer (over the anchors) and miner are {@link PairLossParts}; with a distance d
 * the exponents are PML's {@code alpha (d - base)} and {@code beta (base - d)}.
 */
public final class MultiSimilarityLoss extends PairBasedLoss {
    private final float alpha;
    private final float beta;
    private final float base;

    public MultiSimilarityLoss(double alpha, double beta, double base, PairLossParts parts) {
        super(parts);
        this.alpha = (float) alpha;
        this.beta = (float) beta;
        this.base = (float) base;
    }

    @Override
    protected NDArray pairLoss(PairBatch batch) {
        MinedMasks.Pairs pairs = batch.mined().toPairs();
        // PML's masks: a pair chosen twice (e.g. from two triplets) still counts once.
        NDArray positives = pairs.positives().gt(0).toType(DataType.FLOAT32, false);
        NDArray negatives = pairs.negatives().gt(0).toType(DataType.FLOAT32, false);
        NDArray positiveTerm = Scalars.div(
                Reductions.maskedLogSumExp(
                        Scalars.mul(batch.distance().margin(batch.metric(), base), alpha), positives, true, 1),
                alpha);
        NDArray negativeTerm = Scalars.div(
                Reductions.maskedLogSumExp(
                        Scalars.mul(batch.distance().margin(base, batch.metric()), beta), negatives, true, 1),
                beta);
        NDArray perAnchor = positiveTerm.add(negativeTerm);
        return batch.reducer().reduce(perAnchor, perAnchor.onesLike());
    }
}
