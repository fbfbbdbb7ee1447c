package io.dsml.losses.pair;

import ai.djl.ndarray.NDArray;
import io.dsml.core.spi.MetricLoss;
import io.dsml.losses.miners.Closeness;
import io.dsml.losses.miners.Mined;
import io.dsml.losses.miners.Miner;

/**
 * A loss computed from pairs or triplets inside the batch, chosen by a {@link Miner}. Subclasses
 * compute their metric matrix (with gradient), let the miner choose tuples on a detached copy of
 * it, and evaluate the loss on exactly those tuples.
 */
public abstract class PairBasedLoss extends MetricLoss {
    private final Miner miner;

    protected PairBasedLoss(Miner miner) {
        this.miner = miner;
    }

    public Miner miner() {
        return miner;
    }

    @Override
    public boolean needsPositivePairs() {
        return true;
    }

    /** Mines on a distance matrix [B, B] (lower = closer). */
    protected Mined mineOnDistances(NDArray distances, int[] labels) {
        return miner.mine(Closeness.ofDistances(distances.toFloatArray(), labels.length), labels);
    }

    /** Mines on a similarity matrix [B, B] (higher = closer). */
    protected Mined mineOnSimilarities(NDArray similarities, int[] labels) {
        return miner.mine(Closeness.ofSimilarities(similarities.toFloatArray(), labels.length), labels);
    }

    /** A [B, B] matrix with 1 at every listed (row, col), for mask-based losses. */
    protected static NDArray indicator(NDArray like, int[] rows, int[] cols) {
        return counts(like, rows, cols, false);
    }

    /** A [B, B] matrix counting how often each (row, col) is listed. */
    protected static NDArray multiplicity(NDArray like, int[] rows, int[] cols) {
        return counts(like, rows, cols, true);
    }

    private static NDArray counts(NDArray like, int[] rows, int[] cols, boolean accumulate) {
        int b = Math.toIntExact(like.getShape().get(0));
        float[] values = new float[b * b];
        for (int k = 0; k < rows.length; k++) {
            int at = rows[k] * b + cols[k];
            values[at] = accumulate ? values[at] + 1 : 1;
        }
        return like.getManager().create(values, like.getShape());
    }
}
