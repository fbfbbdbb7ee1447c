package io.dsml.losses.miners;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.util.Arrays;

/**
 * The pair mining of Wang et al. 2019, "Multi-Similarity Loss with General Pair Weighting": a
 * positive pair (a, p) is kept when it is less close than the anchor's closest negative plus
 * {@code epsilon}, {@code c(a,p) - epsilon < max_n c(a,n)}; a negative pair (a, n) when it is
 * closer than the anchor's least close positive minus {@code epsilon},
 * {@code c(a,n) + epsilon > min_p c(a,p)}. An anchor without negatives keeps no positive and one
 * without positives keeps no negative. As pytorch-metric-learning's {@code MultiSimilarityMiner}.
 */
public final class MultiSimilarityMiner implements Miner {
    private final double epsilon;

    /** @param epsilon the paper's epsilon, &gt;= 0 */
    public MultiSimilarityMiner(double epsilon) {
        if (!(epsilon >= 0)) {
            throw new IllegalArgumentException("epsilon must be >= 0, got " + epsilon);
        }
        this.epsilon = epsilon;
    }

    @Override
    public Mined.Pairs mine(Closeness closeness, int[] labels) {
        Mined.Pairs all = AllPairsMiner.allPairs(labels);
        if (all.posAnchors().length == 0 || all.negAnchors().length == 0) {
            return new Mined.Pairs(new int[0], new int[0], new int[0], new int[0]);
        }
        int b = labels.length;
        double[] closestNegative = new double[b];
        double[] farthestPositive = new double[b];
        Arrays.fill(closestNegative, Double.NEGATIVE_INFINITY);
        Arrays.fill(farthestPositive, Double.POSITIVE_INFINITY);
        for (int k = 0; k < all.negAnchors().length; k++) {
            int a = all.negAnchors()[k];
            closestNegative[a] = Math.max(closestNegative[a], closeness.at(a, all.negatives()[k]));
        }
        for (int k = 0; k < all.posAnchors().length; k++) {
            int a = all.posAnchors()[k];
            farthestPositive[a] = Math.min(farthestPositive[a], closeness.at(a, all.positives()[k]));
        }
        int[][] positives =
                keep(all.posAnchors(), all.positives(), closeness, (a, c) -> c - epsilon < closestNegative[a]);
        int[][] negatives =
                keep(all.negAnchors(), all.negatives(), closeness, (a, c) -> c + epsilon > farthestPositive[a]);
        return new Mined.Pairs(positives[0], positives[1], negatives[0], negatives[1]);
    }

    private interface PairTest {
        boolean keep(int anchor, double closeness);
    }

    private static int[][] keep(int[] anchors, int[] others, Closeness closeness, PairTest test) {
        int[] a = new int[anchors.length];
        int[] o = new int[anchors.length];
        int count = 0;
        for (int k = 0; k < anchors.length; k++) {
            if (test.keep(anchors[k], closeness.at(anchors[k], others[k]))) {
                a[count] = anchors[k];
                o[count++] = others[k];
            }
        }
        return new int[][] {Arrays.copyOf(a, count), Arrays.copyOf(o, count)};
    }

    /** On the device: the same rule with each row's extremes by masked max/min. */
    @Override
    public MinedMasks.Pairs mine(NDArray closeness, LabelMasks masks) {
        // Nothing is kept unless the batch has both a positive and a negative pair somewhere.
        NDArray both = masks.positive().max().mul(masks.negative().max());
        NDArray closestNegative = Masks.maxWhere(closeness, masks.negative());
        NDArray farthestPositive = Masks.minWhere(closeness, masks.positive());
        NDArray positives = closeness.sub((float) epsilon).lt(closestNegative).toType(DataType.FLOAT32, false);
        NDArray negatives = closeness.add((float) epsilon).gt(farthestPositive).toType(DataType.FLOAT32, false);
        return new MinedMasks.Pairs(
                positives.mul(masks.positive()).mul(both),
                negatives.mul(masks.negative()).mul(both));
    }
}
