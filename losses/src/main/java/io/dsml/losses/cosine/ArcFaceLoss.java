package io.dsml.losses.cosine;

import ai.djl.ndarray.NDArray;

/**
 * ArcFace / additive angular margin loss (Deng et al. 2019): the target class's angle is widened
 * by {@code margin}, {@code logits = scale * cos(theta_c + margin [c = y])} with {@code theta_c =
 * acos(clip(cos_c, -1, 1))}. Like pytorch-metric-learning 2.x's {@code ArcFaceLoss} there is no
 * "easy margin" fallback when {@code theta + margin > pi}.
 *
 * <p>Units differ deliberately: dsml's {@code margin} is in radians as in the paper (default
 * 0.5), pytorch-metric-learning's in degrees (default 28.6); {@code ArcFaceLoss(margin =
 * degrees(m), scale = s)} there equals {@code margin = m, scale = s} here. Its {@code W} [d,
 * classes] is the transpose of dsml's class state [classes, d].
 */
public final class ArcFaceLoss extends CosineClassifierLoss {
    private final float margin;
    private final float scale;

    public ArcFaceLoss(double margin, double scale, int classes, int dim) {
        super(classes, dim);
        this.margin = (float) margin;
        this.scale = (float) scale;
    }

    @Override
    protected NDArray logits(NDArray cosines, NDArray targets) {
        NDArray targetCosine = cosines.mul(targets).sum(new int[] {1}, true);
        NDArray widened = targetCosine.clip(-1f, 1f).acos().add(margin).cos();
        return cosines.add(targets.mul(widened.sub(targetCosine))).mul(scale);
    }

    /** At test time there is no margin: the posterior is the softmax of scale * cos. */
    @Override
    public java.util.OptionalDouble posteriorScale() {
        return java.util.OptionalDouble.of(scale);
    }
}
