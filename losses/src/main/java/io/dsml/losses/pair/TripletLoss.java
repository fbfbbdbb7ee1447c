package io.dsml.losses.pair;

import ai.djl.ndarray.NDArray;
import io.dsml.core.model.Scalars;

/**
 * Triplet margin loss (Weinberger and Saul 2009; Schroff et al. 2015) as pytorch-metric-learning
 * 2.x's {@code TripletMarginLoss} with its defaults: on Euclidean distances of L2-normalised
 * embeddings, each mined triplet (a, p, n) costs {@code [d(a,p) - d(a,n) + margin]_+}, and the
 * loss is the mean over the triplets with a non-zero cost ({@code AvgNonZeroReducer}). With the
 * {@code all} miner every (anchor, positive, negative) of the batch is a triplet
 * ({@code triplets_per_anchor="all"}). The distance, reducer and miner are {@link PairLossParts};
 * with a similarity s a triplet costs {@code [s(a,n) - s(a,p) + margin]_+}.
 */
public final class TripletLoss extends PairBasedLoss {
    private final float margin;

    public TripletLoss(double margin, PairLossParts parts) {
        super(parts);
        this.margin = (float) margin;
    }

    @Override
    protected NDArray pairLoss(PairBatch batch) {
        NDArray triplets = batch.mined().toTriplets().counts(); // [B, M, M]
        NDArray anchorPositive = batch.metric().expandDims(2);
        NDArray anchorNegative = batch.metric().expandDims(1);
        NDArray violation = Scalars.maximum(
                batch.distance().margin(anchorPositive, anchorNegative).add(margin), 0f);
        return batch.reducer().reduce(violation, triplets);
    }
}
