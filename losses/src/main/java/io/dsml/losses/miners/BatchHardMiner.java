package io.dsml.losses.miners;

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
}
