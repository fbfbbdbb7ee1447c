package io.dsml.losses.miners;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/**
 * Which pairs between a batch (rows, the anchors) and its reference set (columns) are positive and
 * which negative, as float32 0/1 masks [B, M] on the batch's device. When the reference set is the
 * batch itself ({@code self}), a sample is not its own positive (pytorch-metric-learning fills the
 * diagonal of the matches with 0 only when {@code ref_labels is labels}).
 *
 * @param positive 1 where the labels agree (not on the diagonal when {@code self})
 * @param negative 1 where the labels differ
 * @param labels the batch's labels [B]
 * @param self whether the reference set is the batch itself
 */
public record LabelMasks(NDArray positive, NDArray negative, NDArray labels, boolean self) {

    /** The masks between {@code labels} [B] and {@code refLabels} [M]; {@code self}: the same samples. */
    public static LabelMasks of(NDArray labels, NDArray refLabels, boolean self) {
        NDArray rows = labels.reshape(-1).toType(DataType.INT32, false).expandDims(1);
        NDArray cols = refLabels.reshape(-1).toType(DataType.INT32, false).expandDims(0);
        NDArray same = rows.eq(cols).toType(DataType.FLOAT32, false);
        NDArray negative = same.neg().add(1f);
        NDArray positive = self ? same.sub(labels.getManager().eye(Math.toIntExact(labels.size()))) : same;
        return new LabelMasks(positive, negative, labels, self);
    }

    /** 1 for every anchor (row) that has at least one positive and one negative, [B, 1]. */
    NDArray hasPositiveAndNegative() {
        return positive.max(new int[] {1}, true).mul(negative.max(new int[] {1}, true));
    }
}
