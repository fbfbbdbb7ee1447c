package io.dsml.losses.pair;

import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;
import io.dsml.core.model.Rows;
import io.dsml.core.model.Scalars;
import io.dsml.core.spi.MetricLoss;
import io.dsml.losses.support.BatchOps;
import io.dsml.losses.support.Pairwise;
import java.util.Arrays;

/**
 * Multi-class N-pair loss (Sohn 2016). From every class with at least two samples in the batch,
 * its first two samples form an (anchor, positive) pair; with N such pairs, anchor k's logits
 * are its inner products with the N positives and its target is its own positive:
 * {@code L = mean_k -log softmax(f_k . f+_j)_{j=k} + l2_reg * mean_i ||f_i||^2}, the regulariser
 * running over every embedding of the batch. Sohn uses raw inner products, which is why the norm
 * is regularised; {@code normalize = true} uses cosines instead.
 *
 * <p>pytorch-metric-learning 2.x's {@code NPairsLoss} forms the same pairs (first two samples of
 * each label) but its default {@code DotProductSimilarity} normalises the embeddings and it has
 * no regulariser. This loss equals {@code NPairsLoss(distance=DotProductSimilarity(
 * normalize_embeddings=normalize), embedding_regularizer=LpRegularizer(p=2, power=2),
 * embedding_reg_weight=l2_reg)}; its defaults ({@code normalize = false}, {@code l2_reg =
 * 0.002}) follow Sohn and differ from pytorch-metric-learning's deliberately.
 */
public final class NPairLoss extends MetricLoss {
    private final float l2Reg;
    private final boolean normalize;

    public NPairLoss(double l2Reg, boolean normalize) {
        this.l2Reg = (float) l2Reg;
        this.normalize = normalize;
    }

    @Override
    public boolean needsPositivePairs() {
        return true;
    }

    @Override
    protected NDArray loss(ParameterStore store, NDArray embeddings, NDArray labels, boolean training) {
        NDArray regulariser = Scalars.mul(embeddings.square().sum(new int[] {1}).mean(), l2Reg);
        int[][] pairs = firstTwoOfEachClass(Pairwise.labels(labels));
        if (pairs[0].length == 0) {
            return regulariser.add(BatchOps.zeroLoss(embeddings));
        }
        NDArray f = normalize ? Rows.l2Normalize(embeddings) : embeddings;
        NDArray anchors = rows(f, pairs[0]);
        NDArray positives = rows(f, pairs[1]);
        NDArray logits = anchors.matMul(positives.transpose());
        NDArray targets = f.getManager().arange(pairs[0].length).toType(ai.djl.ndarray.types.DataType.INT32, false);
        return BatchOps.crossEntropy(logits, targets).add(regulariser);
    }

    /** The rows {@code index} of {@code f}, as a one-hot selection (differentiable, any device). */
    private static NDArray rows(NDArray f, int[] index) {
        int batch = Math.toIntExact(f.getShape().get(0));
        return f.getManager().create(index).oneHot(batch).matMul(f);
    }

    /** Anchors (first sample of each class, by class) and positives (its second sample). */
    static int[][] firstTwoOfEachClass(int[] labels) {
        int[] anchors = new int[labels.length];
        int[] positives = new int[labels.length];
        java.util.TreeMap<Integer, int[]> firstTwo = new java.util.TreeMap<>();
        for (int i = 0; i < labels.length; i++) {
            int[] seen = firstTwo.computeIfAbsent(labels[i], c -> new int[] {-1, -1});
            if (seen[0] < 0) {
                seen[0] = i;
            } else if (seen[1] < 0) {
                seen[1] = i;
            }
        }
        int count = 0;
        for (int[] seen : firstTwo.values()) {
            if (seen[1] >= 0) {
                anchors[count] = seen[0];
                positives[count++] = seen[1];
            }
        }
        return new int[][] {Arrays.copyOf(anchors, count), Arrays.copyOf(positives, count)};
    }
}
