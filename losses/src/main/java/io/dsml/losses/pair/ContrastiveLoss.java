package io.dsml.losses.pair;

import ai.djl.ndarray.NDArray;
import io.dsml.core.model.Scalars;
import io.dsml.losses.miners.MinedMasks;

/**
 * Contrastive loss (Hadsell, Chopra and LeCun 2006) as pytorch-metric-learning 2.x's {@code
 * ContrastiveLoss} with its defaults: on Euclidean distances d of L2-normalised embeddings,
 * positive pairs cost {@code [d - pos_margin]_+}, negative pairs {@code [neg_margin - d]_+}; each
 * of the two is averaged over its pairs with a non-zero cost ({@code AvgNonZeroReducer}) and the
 * two averages are added. Pairs are ordered, so with the {@code all} miner each unordered pair
 * counts twice, as in pytorch-metric-learning. The distance, reducer and miner are {@link
 * PairLossParts}; with a similarity s the costs are PML's {@code [pos_margin - s]_+} and {@code
 * [s - neg_margin]_+}.
 *
 * <p>Differences: the original paper squares the hinge terms and halves them; pytorch-metric-
 * learning (and dsml) do not. pytorch-metric-learning returns 0 when every index list of the
 * mined tuple has at most one entry; dsml evaluates such a batch normally.
 */
public final class ContrastiveLoss extends MarginPairLoss {
    public ContrastiveLoss(double posMargin, double negMargin, PairLossParts parts) {
        super(posMargin, negMargin, parts);
    }

    @Override
    protected NDArray pairLoss(PairBatch batch) {
        MinedMasks.Pairs pairs = batch.mined().toPairs();
        NDArray positive = Scalars.maximum(batch.distance().margin(batch.metric(), posMargin), 0f);
        NDArray negative = Scalars.maximum(batch.distance().margin(negMargin, batch.metric()), 0f);
        return batch.reducer()
                .reduce(positive, pairs.positives())
                .add(batch.reducer().reduce(negative, pairs.negatives()));
    }
}
