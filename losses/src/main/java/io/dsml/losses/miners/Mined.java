package io.dsml.losses.miners;

import java.util.ArrayList;
import java.util.List;

/**
 * What a {@link Miner} chose in a batch: either pairs or triplets, as batch indices. Each form
 * converts to the other the way pytorch-metric-learning does ({@code lmu.convert_to_pairs},
 * {@code lmu.convert_to_triplets}), so any miner serves any pair or triplet loss.
 */
public sealed interface Mined permits Mined.Pairs, Mined.Triplets {

    /** The mined tuples as positive and negative pairs. */
    Pairs toPairs();

    /** The mined tuples as (anchor, positive, negative) triplets. */
    Triplets toTriplets();

    /**
     * Positive pairs {@code (posAnchors[k], positives[k])} (same class, distinct samples) and
     * negative pairs {@code (negAnchors[k], negatives[k])} (different classes). Ordered: (i, j) and
     * (j, i) are two pairs.
     */
    record Pairs(int[] posAnchors, int[] positives, int[] negAnchors, int[] negatives) implements Mined {
        public Pairs {
            requireSameLength(posAnchors, positives);
            requireSameLength(negAnchors, negatives);
        }

        @Override
        public Pairs toPairs() {
            return this;
        }

        /** Every positive pair joined with every negative pair of the same anchor. */
        @Override
        public Triplets toTriplets() {
            int batch = 1 + Math.max(max(posAnchors), max(negAnchors));
            List<List<Integer>> negativesOf = new ArrayList<>(batch);
            for (int i = 0; i < batch; i++) {
                negativesOf.add(new ArrayList<>());
            }
            for (int k = 0; k < negAnchors.length; k++) {
                negativesOf.get(negAnchors[k]).add(negatives[k]);
            }
            int count = 0;
            for (int a : posAnchors) {
                count += negativesOf.get(a).size();
            }
            int[] a = new int[count];
            int[] p = new int[count];
            int[] n = new int[count];
            int t = 0;
            for (int k = 0; k < posAnchors.length; k++) {
                for (int negative : negativesOf.get(posAnchors[k])) {
                    a[t] = posAnchors[k];
                    p[t] = positives[k];
                    n[t] = negative;
                    t++;
                }
            }
            return new Triplets(a, p, n);
        }

        public boolean hasPositives() {
            return posAnchors.length > 0;
        }
    }

    /** Triplets: {@code anchors[k]} and {@code positives[k]} share a class, {@code negatives[k]} does not. */
    record Triplets(int[] anchors, int[] positives, int[] negatives) implements Mined {
        public Triplets {
            requireSameLength(anchors, positives);
            requireSameLength(anchors, negatives);
        }

        /** (anchor, positive) and (anchor, negative) of every triplet; repeated pairs stay repeated. */
        @Override
        public Pairs toPairs() {
            return new Pairs(anchors.clone(), positives.clone(), anchors.clone(), negatives.clone());
        }

        @Override
        public Triplets toTriplets() {
            return this;
        }

        public int size() {
            return anchors.length;
        }
    }

    private static void requireSameLength(int[] a, int[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("index arrays differ in length: " + a.length + " vs " + b.length);
        }
    }

    private static int max(int[] values) {
        int m = -1;
        for (int v : values) {
            m = Math.max(m, v);
        }
        return m;
    }
}
