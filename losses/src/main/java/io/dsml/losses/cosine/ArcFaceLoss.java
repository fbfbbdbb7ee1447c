package io.dsml.losses.cosine;

import ai.djl.ndarray.NDArray;
import io.dsml.core.model.Scalars;

/**
 * ArcFace / additive angular margin loss (Deng et al. 2019): the target class's angle is widened
 * by {@code margin}, {@code logits = scale * cos(theta_c + margin [c = y])} with {@code theta_c =
 * acos(clip(cos_c, -1, 1))}, as long as {@code theta_y <= pi - margin}. Beyond, where {@code
 * cos(theta + margin)} would turn back up and reward moving away from the class, the target logit
 * is {@code scale * (cos theta_y - margin sin(margin))}, which keeps it falling with the angle and
 * meets the first branch at {@code theta_y = pi - margin}. Both are exactly
 * pytorch-metric-learning 2.8.1's {@code ArcFaceLoss} (its {@code torch.where(angles <= pi -
 * margin, ...)}; the paper's code calls this the non-"easy margin" fallback).
 *
 * <p>Units differ deliberately: dsml's {@code margin} is in radians as in the paper (default
 * 0.5), pytorch-metric-learning's in degrees (default 28.6); {@code ArcFaceLoss(margin =
 * degrees(m), scale = s)} there equals {@code margin = m, scale = s} here. Its {@code W} [d,
 * classes] is the transpose of dsml's class state [classes, d].
 */
public final class ArcFaceLoss extends CosineClassifierLoss {
    private final float margin;
    private final float scale;
    /** {@code pi - margin}: the largest target angle that gets {@code cos(theta + margin)}. */
    private final float limitAngle;
    /** {@code margin sin(margin)}, subtracted from the target cosine past {@link #limitAngle}. */
    private final float fallbackOffset;

    public ArcFaceLoss(double margin, double scale, int classes, int dim) {
        super(classes, dim);
        this.margin = (float) margin;
        this.scale = (float) scale;
        this.limitAngle = (float) (Math.PI - margin);
        this.fallbackOffset = (float) (margin * Math.sin(margin));
    }

    @Override
    protected NDArray logits(NDArray cosines, NDArray targets) {
        NDArray targetCosine = cosines.mul(targets).sum(new int[] {1}, true);
        NDArray clipped = targetCosine.clip(-1f, 1f);
        NDArray angle = clipped.acos();
        NDArray widened = angle.add(margin).cos();
        // Past pi - margin: cos(theta) - m sin(m), written on the clipped cosine itself (equal to
        // cos(acos(c)) with derivative 1, also at theta = pi where acos has none).
        NDArray fallback = clipped.sub(fallbackOffset);
        NDArray useWidened = angle.lte(limitAngle).toType(widened.getDataType(), false);
        NDArray modified =
                widened.mul(useWidened).add(fallback.mul(useWidened.neg().add(1f)));
        return Scalars.mul(cosines.add(targets.mul(modified.sub(targetCosine))), scale);
    }
}
