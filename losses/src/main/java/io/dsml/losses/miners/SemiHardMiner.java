package io.dsml.losses.miners;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.util.Arrays;

/**
 * Semi-hard triplets (Schroff, Kalenichenko and Philbin 2015, FaceNet): every (anchor, positive,
 * negative) whose negative is farther than the positive but by no more than {@code margin},
 * {@code 0 < c(a,p) - c(a,n) <= margin} in closeness terms ({@code d_ap < d_an <= d_ap + margin}
 * for distances). As pytorch-metric-learning's {@code TripletMarginMiner(margin,
 * type_of_triplets="semihard")}, which keeps all such triplets; FaceNet's original picks one at
 * random per pair.
 */
public final class SemiHardMiner implements Miner {
    private final double margin;

    /** @param margin the width of the semi-hard band, &gt;= 0 */
    public SemiHardMiner(double margin) {
        if (!(margin >= 0)) {
            throw new IllegalArgumentException("margin must be >= 0, got " + margin);
        }
        this.margin = margin;
    }

    @Override
    public Mined.Triplets mine(Closeness closeness, int[] labels) {
        Mined.Triplets all = AllPairsMiner.allPairs(labels).toTriplets();
        int[] a = new int[all.size()];
        int[] p = new int[all.size()];
        int[] n = new int[all.size()];
        int count = 0;
        for (int t = 0; t < all.size(); t++) {
            int anchor = all.anchors()[t];
            double gap = (double) closeness.at(anchor, all.positives()[t]) - closeness.at(anchor, all.negatives()[t]);
            if (gap > 0 && gap <= margin) {
                a[count] = anchor;
                p[count] = all.positives()[t];
                n[count++] = all.negatives()[t];
            }
        }
        return new Mined.Triplets(Arrays.copyOf(a, count), Arrays.copyOf(p, count), Arrays.copyOf(n, count));
    }

    /** On the device: every triplet of the masks whose gap lies in the band, [B, M, M]. */
    @Override
    public MinedMasks.Triplets mine(NDArray closeness, LabelMasks masks) {
        NDArray all = new MinedMasks.Pairs(masks.positive(), masks.negative())
                .toTriplets()
                .counts();
        NDArray gap = closeness.expandDims(2).sub(closeness.expandDims(1));
        NDArray inBand = gap.gt(0f).logicalAnd(gap.lte((float) margin)).toType(DataType.FLOAT32, false);
        return new MinedMasks.Triplets(all.mul(inBand));
    }
}
