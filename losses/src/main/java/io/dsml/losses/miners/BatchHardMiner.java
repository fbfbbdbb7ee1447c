package io.dsml.losses.miners;

import ai.djl.ndarray.NDArray;
import java.util.Arrays;

/**
 * Batch-hard mining (Hermans, Beyer and Leibe 2017, "In Defense of the Triplet Loss"): for every
 * anchor that has both a positive and a negative in the batch, one triplet with its farthest
 * positive and its closest negative. As pytorch-metric-learning's {@code BatchHardMiner}.
 */
public final class BatchHardMiner implements Miner {

    @Override
    public Mined.Triplets mine(Closeness closeness, int[] labels) {
        int b = labels.length;
        int[] a = new int[b];
        int[] p = new int[b];
        int[] n = new int[b];
        int count = 0;
        for (int i = 0; i < b; i++) {
            int hardestPositive = -1;
            int hardestNegative = -1;
            for (int j = 0; j < b; j++) {
                if (j == i) {
                    continue;
                }
                float c = closeness.at(i, j);
                if (labels[j] == labels[i]) {
                    if (hardestPositive < 0 || c < closeness.at(i, hardestPositive)) {
                        hardestPositive = j;
                    }
                } else if (hardestNegative < 0 || c > closeness.at(i, hardestNegative)) {
                    hardestNegative = j;
                }
            }
            if (hardestPositive >= 0 && hardestNegative >= 0) {
                a[count] = i;
                p[count] = hardestPositive;
                n[count++] = hardestNegative;
            }
        }
        return new Mined.Triplets(Arrays.copyOf(a, count), Arrays.copyOf(p, count), Arrays.copyOf(n, count));
    }

    /**
     * On the device: each row's least close positive and closest negative by masked min/max, the
     * first of equal ones by a running count.
     */
    @Override
    public MinedMasks.Triplets mine(NDArray closeness, LabelMasks masks) {
        NDArray positive = Masks.firstOnes(
                Masks.equalWhere(closeness, masks.positive(), Masks.minWhere(closeness, masks.positive())));
        NDArray negative = Masks.firstOnes(
                Masks.equalWhere(closeness, masks.negative(), Masks.maxWhere(closeness, masks.negative())));
        NDArray anchors = masks.hasPositiveAndNegative().expandDims(2);
        return new MinedMasks.Triplets(anchors.mul(positive.expandDims(2)).mul(negative.expandDims(1)));
    }
}
