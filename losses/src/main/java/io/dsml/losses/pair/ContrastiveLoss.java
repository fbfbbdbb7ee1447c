package io.dsml.losses.pair;

import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;
import io.dsml.losses.miners.Mined;
import io.dsml.losses.miners.Miner;
import io.dsml.losses.support.BatchOps;
import io.dsml.losses.support.Pairwise;
import io.dsml.losses.support.Reductions;

/**
 * Contrastive loss (Hadsell, Chopra and LeCun 2006) as pytorch-metric-learning 2.x's {@code
 * ContrastiveLoss} with its defaults: on Euclidean distances d of L2-normalised embeddings,
 * positive pairs cost {@code [d - pos_margin]_+}, negative pairs {@code [neg_margin - d]_+}; each
 * of the two is averaged over its pairs with a non-zero cost ({@code AvgNonZeroReducer}) and the
 * two averages are added. Pairs are ordered, so with the {@code all} miner each unordered pair
 * counts twice, as in pytorch-metric-learning.
 *
 * <p>Differences: the original paper squares the hinge terms and halves them; pytorch-metric-
 * learning (and dsml) do not. pytorch-metric-learning returns 0 when every index list of the
 * mined tuple has at most one entry; dsml evaluates such a batch normally.
 */
public final class ContrastiveLoss extends PairBasedLoss {
    private final float posMargin;
    private final float negMargin;

    public ContrastiveLoss(double posMargin, double negMargin, Miner miner) {
        super(miner);
        this.posMargin = (float) posMargin;
        this.negMargin = (float) negMargin;
    }

    @Override
    protected NDArray loss(ParameterStore store, NDArray embeddings, NDArray labels, boolean training) {
        NDArray distances = Pairwise.euclideanMatrix(embeddings);
        Mined.Pairs pairs = mineOnDistances(distances, Pairwise.labels(labels)).toPairs();
        NDArray total = BatchOps.zeroLoss(embeddings);
        if (pairs.posAnchors().length > 0) {
            NDArray positive = Pairwise.entries(distances, pairs.posAnchors(), pairs.positives());
            total = total.add(Reductions.meanOfPositive(positive.sub(posMargin).maximum(0f)));
        }
        if (pairs.negAnchors().length > 0) {
            NDArray negative = Pairwise.entries(distances, pairs.negAnchors(), pairs.negatives());
            total = total.add(
                    Reductions.meanOfPositive(negative.neg().add(negMargin).maximum(0f)));
        }
        return total;
    }
}
