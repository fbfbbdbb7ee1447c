package io.dsml.losses.pair;

import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;
import io.dsml.losses.miners.Mined;
import io.dsml.losses.miners.Miner;
import io.dsml.losses.support.BatchOps;
import io.dsml.losses.support.Pairwise;
import io.dsml.losses.support.Reductions;

/**
 * Triplet margin loss (Weinberger and Saul 2009; Schroff et al. 2015) as pytorch-metric-learning
 * 2.x's {@code TripletMarginLoss} with its defaults: on Euclidean distances of L2-normalised
 * embeddings, each mined triplet (a, p, n) costs {@code [d(a,p) - d(a,n) + margin]_+}, and the
 * loss is the mean over the triplets with a non-zero cost ({@code AvgNonZeroReducer}). With the
 * {@code all} miner every (anchor, positive, negative) of the batch is a triplet
 * ({@code triplets_per_anchor="all"}).
 */
public final class TripletLoss extends PairBasedLoss {
    private final float margin;

    public TripletLoss(double margin, Miner miner) {
        super(miner);
        this.margin = (float) margin;
    }

    @Override
    protected NDArray loss(ParameterStore store, NDArray embeddings, NDArray labels, boolean training) {
        NDArray distances = Pairwise.euclideanMatrix(embeddings);
        Mined.Triplets triplets =
                mineOnDistances(distances, Pairwise.labels(labels)).toTriplets();
        if (triplets.size() == 0) {
            return BatchOps.zeroLoss(embeddings);
        }
        NDArray positive = Pairwise.entries(distances, triplets.anchors(), triplets.positives());
        NDArray negative = Pairwise.entries(distances, triplets.anchors(), triplets.negatives());
        return Reductions.meanOfPositive(positive.sub(negative).add(margin).maximum(0f));
    }
}
