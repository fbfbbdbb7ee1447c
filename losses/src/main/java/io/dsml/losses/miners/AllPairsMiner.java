package io.dsml.losses.miners;

import ai.djl.ndarray.NDArray;
import java.util.Arrays;

/**
 * Every positive pair (same class, distinct samples) and every negative pair of the batch, in
 * row-major order; as triplets, every (anchor, positive, negative) combination. This is what a
 * pytorch-metric-learning loss uses when no miner is given.
 */
public final class AllPairsMiner implements Miner {

    @Override
    public Mined.Pairs mine(Closeness closeness, int[] labels) {
        return allPairs(labels);
    }

    /** All ordered positive and negative pairs of a labelled batch. */
    public static Mined.Pairs allPairs(int[] labels) {
        int b = labels.length;
        int[] pa = new int[b * b];
        int[] p = new int[b * b];
        int[] na = new int[b * b];
        int[] n = new int[b * b];
        int positives = 0;
        int negatives = 0;
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < b; j++) {
                if (labels[i] != labels[j]) {
                    na[negatives] = i;
                    n[negatives++] = j;
                } else if (i != j) {
                    pa[positives] = i;
                    p[positives++] = j;
                }
            }
        }
        return new Mined.Pairs(
                Arrays.copyOf(pa, positives),
                Arrays.copyOf(p, positives),
                Arrays.copyOf(na, negatives),
                Arrays.copyOf(n, negatives));
    }

    /** Every pair of the masks, on the device. */
    @Override
    public MinedMasks.Pairs mine(NDArray closeness, LabelMasks masks) {
        return new MinedMasks.Pairs(masks.positive(), masks.negative());
    }
}
