package io.dsml.losses.miners;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * What a {@link Miner} chose, as arrays of multiplicities on the batch's device instead of index
 * lists: a loss evaluates every pair or triplet at once and weights each by how often it was
 * chosen (0: not chosen), so nothing goes to the host and back. Rows are the batch's anchors,
 * columns its reference set (the batch itself unless a reference set is given). The two forms
 * convert into each other as {@link Mined}'s do ({@code lmu.convert_to_pairs/_triplets}).
 */
public sealed interface MinedMasks permits MinedMasks.Pairs, MinedMasks.Triplets {

    /** The chosen tuples as positive and negative pairs. */
    Pairs toPairs();

    /** The chosen tuples as (anchor, positive, negative) triplets. */
    Triplets toTriplets();

    /**
     * The same choice without the tuples whose (anchor, positive) pair is marked in {@code
     * excluded} [B, M] (0/1): pytorch-metric-learning's {@code lmu.remove_self_comparisons}, which
     * drops a sample's pairs with its own copy in a cross-batch memory from the positive pairs (or
     * the triplets with that positive) and leaves the negative pairs alone.
     */
    MinedMasks withoutPositives(NDArray excluded);

    /**
     * How often each ordered pair was chosen as a positive pair and as a negative pair.
     *
     * @param positives [B, M]
     * @param negatives [B, M]
     */
    record Pairs(NDArray positives, NDArray negatives) implements MinedMasks {
        @Override
        public Pairs toPairs() {
            return this;
        }

        @Override
        public Pairs withoutPositives(NDArray excluded) {
            return new Pairs(positives.mul(excluded.neg().add(1f)), negatives);
        }

        /** Every positive pair joined with every negative pair of the same anchor: {@code P[a,p] N[a,n]}. */
        @Override
        public Triplets toTriplets() {
            return new Triplets(positives.expandDims(2).mul(negatives.expandDims(1)));
        }
    }

    /**
     * How often each (anchor a, positive p, negative n) was chosen.
     *
     * @param counts [B, M, M]
     */
    record Triplets(NDArray counts) implements MinedMasks {
        /** (a, p) and (a, n) of every triplet; repeated pairs count repeatedly. */
        @Override
        public Pairs toPairs() {
            return new Pairs(counts.sum(new int[] {2}), counts.sum(new int[] {1}));
        }

        @Override
        public Triplets toTriplets() {
            return this;
        }

        @Override
        public Triplets withoutPositives(NDArray excluded) {
            return new Triplets(counts.mul(excluded.neg().add(1f).expandDims(2)));
        }
    }

    /** Index lists chosen on the host, as multiplicities [rows, cols] (pairs) or [rows, cols, cols]. */
    static MinedMasks of(Mined mined, NDManager manager, int rows, int cols) {
        if (mined instanceof Mined.Triplets t) {
            float[] counts = new float[rows * cols * cols];
            for (int k = 0; k < t.size(); k++) {
                counts[(t.anchors()[k] * cols + t.positives()[k]) * cols + t.negatives()[k]]++;
            }
            return new Triplets(manager.create(counts, new Shape(rows, cols, cols)));
        }
        Mined.Pairs p = mined.toPairs();
        return new Pairs(
                counts(manager, rows, cols, p.posAnchors(), p.positives()),
                counts(manager, rows, cols, p.negAnchors(), p.negatives()));
    }

    private static NDArray counts(NDManager manager, int rows, int cols, int[] anchors, int[] others) {
        float[] counts = new float[rows * cols];
        for (int k = 0; k < anchors.length; k++) {
            counts[anchors[k] * cols + others[k]]++;
        }
        return manager.create(counts, new Shape(rows, cols));
    }
}
