package io.dsml.losses.support;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import io.dsml.core.model.Scalars;

/**
 * The reductions pytorch-metric-learning applies to per-element losses, and its masked
 * log-sum-exp ({@code loss_and_miner_utils.logsumexp}).
 */
public final class Reductions {
    /** Large enough that exp(-BIG - anything) is exactly 0 in float32, small enough to stay finite. */
    private static final float BIG = 1e30f;

    private Reductions() {}

    /**
     * pytorch-metric-learning's {@code AvgNonZeroReducer}: the mean of the strictly positive
     * entries, or 0 when there are none (or no entries at all). Zero entries do not dilute the
     * mean, so the loss does not shrink as easy pairs or triplets accumulate.
     *
     * @param losses a non-empty vector
     */
    public static NDArray meanOfPositive(NDArray losses) {
        NDArray positives = losses.gt(0).toType(DataType.FLOAT32, false).sum();
        return losses.sum().div(Scalars.maximum(positives, 1f));
    }

    /**
     * Log-sum-exp of {@code x} along {@code axis} over the entries with positive {@code weights},
     * each entry counted {@code weight} times: {@code log(sum_j w_j exp(x_j) [+ 1])}. The
     * {@code + 1} (a zero logit) is added when {@code addOne}. A line with no kept entries gives 0,
     * as in pytorch-metric-learning. The running maximum is detached: the value and the gradient
     * do not depend on the shift.
     *
     * @param x [n, m] logits
     * @param weights [n, m] non-negative multiplicities (0/1 masks or counts)
     * @param axis 0 or 1
     * @return [n] for axis 1, [m] for axis 0
     */
    public static NDArray maskedLogSumExp(NDArray x, NDArray weights, boolean addOne, int axis) {
        NDArray keep = weights.gt(0).toType(DataType.FLOAT32, false);
        NDArray anyKept = keep.max(new int[] {axis}, true);
        // Dropped entries become -BIG, so they neither win the max nor survive exp.
        NDArray kept = x.mul(keep).add(Scalars.mul(keep.sub(1f), BIG));
        NDArray shift = kept.max(new int[] {axis}, true).mul(anyKept);
        if (addOne) {
            shift = Scalars.maximum(shift, 0f);
        }
        shift = shift.stopGradient();
        NDArray sum = kept.sub(shift).exp().mul(weights).sum(new int[] {axis}, true);
        if (addOne) {
            sum = sum.add(shift.neg().exp());
        }
        // Lines with nothing kept: log(1) = 0 instead of log(0).
        sum = sum.add(anyKept.neg().add(1f));
        NDArray lse = sum.log().add(shift).mul(anyKept);
        return lse.squeeze(axis);
    }
}
