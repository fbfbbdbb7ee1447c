package io.dsml.losses.pair;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.dsml.core.model.Scalars;
import io.dsml.losses.miners.MinedMasks;
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
 * The distance, reducer (over the positive pairs) and miner are {@link PairLossParts}; with a
 * similarity s the terms are PML's {@code s_ik - neg_margin} and {@code pos_margin - s_ij}.
 */
public final class LiftedStructureLoss extends MarginPairLoss {
    public LiftedStructureLoss(double posMargin, double negMargin, PairLossParts parts) {
        super(posMargin, negMargin, parts);
    }

    @Override
    protected NDArray pairLoss(PairBatch batch) {
        MinedMasks.Pairs pairs = batch.mined().toPairs();
        NDArray metric = batch.metric();
        // Log-sum-exp over each anchor's negative pairs (counted with multiplicity) ...
        NDArray negativeCounts = pairs.negatives();
        NDArray perAnchor =
                Reductions.maskedLogSumExp(batch.distance().margin(negMargin, metric), negativeCounts, false, 1); // [B]
        NDArray hasNegative = negativeCounts.sum(new int[] {1}).gt(0).toType(DataType.FLOAT32, false);
        // ... then over the two samples of each positive pair (a, p): PML takes the negative pairs
        // anchored at a or at p, matching p's reference index against the anchors' batch indices.
        int cols = Math.toIntExact(metric.getShape().get(1));
        NDArray rowTerm = perAnchor.expandDims(1).broadcast(metric.getShape());
        NDArray colTerm = alignToReference(perAnchor, cols).expandDims(0).broadcast(metric.getShape());
        NDArray rowKept = hasNegative.expandDims(1).broadcast(metric.getShape());
        NDArray sameIndex =
                metric.getManager().eye(Math.toIntExact(metric.getShape().get(0)), cols, 0);
        NDArray colKept = alignToReference(hasNegative, cols)
                .expandDims(0)
                .mul(sameIndex.neg().add(1f)); // a == p: its negatives once
        NDArray both = NDArrays.stack(new NDList(rowTerm, colTerm), 2).reshape(-1, 2);
        NDArray bothKept = NDArrays.stack(new NDList(rowKept, colKept.broadcast(metric.getShape())), 2)
                .reshape(-1, 2);
        NDArray negativeTerm =
                Reductions.maskedLogSumExp(both, bothKept, false, 1).reshape(metric.getShape());
        NDArray hinge = Scalars.maximum(negativeTerm.add(batch.distance().margin(metric, posMargin)), 0f);
        NDArray anyNegative = hasNegative.max();
        return batch.reducer()
                .reduce(Scalars.div(hinge.square(), 2f), pairs.positives())
                .mul(anyNegative);
    }

    /** {@code perAnchor} [B] indexed by reference index [M]: cut to M, or padded with zeros. */
    private static NDArray alignToReference(NDArray perAnchor, int cols) {
        int rows = Math.toIntExact(perAnchor.getShape().get(0));
        if (cols == rows) {
            return perAnchor;
        }
        if (cols < rows) {
            return perAnchor.get(new NDIndex("0:" + cols));
        }
        return NDArrays.concat(new NDList(perAnchor, perAnchor.getManager().zeros(new Shape(cols - rows))));
    }
}
