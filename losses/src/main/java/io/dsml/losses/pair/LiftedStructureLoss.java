package io.dsml.losses.pair;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;
import io.dsml.losses.miners.Mined;
import io.dsml.losses.miners.Miner;
import io.dsml.losses.support.BatchOps;
import io.dsml.losses.support.Pairwise;
import io.dsml.losses.support.Reductions;

/**
 * Lifted structured embedding loss (Song, Xiang, Jegelka and Savarese 2016) as
 * pytorch-metric-learning 2.x's {@code LiftedStructureLoss} with its defaults, on Euclidean
 * distances of L2-normalised embeddings. For every positive pair (i, j):
 * <pre>
 *   J_ij = log( sum_{(i,k) neg} exp(neg_margin - d_ik) + sum_{(j,l) neg} exp(neg_margin - d_jl) )
 *          + d_ij - pos_margin
 * </pre>
 * and the loss is the mean over positive pairs of {@code [J_ij]_+^2 / 2}. Pairs are ordered, so
 * every unordered pair appears twice; the mean is Song et al.'s {@code 1/(2|P|) sum [J_ij]_+^2}
 * over unordered pairs (their margin alpha is {@code neg_margin}; {@code pos_margin} = 0 is the
 * paper). A pair whose samples have no negative pair keeps only {@code [d_ij - pos_margin]_+^2 / 2}.
 */
public final class LiftedStructureLoss extends PairBasedLoss {
    private final float posMargin;
    private final float negMargin;

    public LiftedStructureLoss(double posMargin, double negMargin, Miner miner) {
        super(miner);
        this.posMargin = (float) posMargin;
        this.negMargin = (float) negMargin;
    }

    @Override
    protected NDArray loss(ParameterStore store, NDArray embeddings, NDArray labels, boolean training) {
        NDArray distances = Pairwise.euclideanMatrix(embeddings);
        Mined.Pairs pairs = mineOnDistances(distances, Pairwise.labels(labels)).toPairs();
        if (pairs.posAnchors().length == 0 || pairs.negAnchors().length == 0) {
            return BatchOps.zeroLoss(embeddings);
        }
        // Log-sum-exp over each sample's negative pairs, then over the two samples of each pair.
        NDArray negativeCounts = multiplicity(distances, pairs.negAnchors(), pairs.negatives());
        NDArray perSample = Reductions.maskedLogSumExp(distances.neg().add(negMargin), negativeCounts, false, 1);
        NDArray hasNegative = negativeCounts.sum(new int[] {1}).gt(0).toType(DataType.FLOAT32, false);
        NDArray both = NDArrays.stack(
                new ai.djl.ndarray.NDList(take(perSample, pairs.posAnchors()), take(perSample, pairs.positives())), 1);
        NDArray bothKept = NDArrays.stack(
                new ai.djl.ndarray.NDList(take(hasNegative, pairs.posAnchors()), take(hasNegative, pairs.positives())),
                1);
        NDArray negativeTerm = Reductions.maskedLogSumExp(both, bothKept, false, 1);
        NDArray positive = Pairwise.entries(distances, pairs.posAnchors(), pairs.positives());
        NDArray hinge = negativeTerm.add(positive).sub(posMargin).maximum(0f);
        return hinge.square().div(2f).mean();
    }

    private static NDArray take(NDArray vector, int[] index) {
        return vector.take(vector.getManager(), vector.getManager().create(index));
    }
}
