package io.dsml.losses.cosine;

import ai.djl.ndarray.NDArray;
import io.dsml.core.model.Scalars;

/**
 * CosFace / large-margin cosine loss (Wang et al. 2018): the target class's cosine is lowered by
 * an additive margin, {@code logits = scale * (cos - margin * onehot(y))}. As
 * pytorch-metric-learning 2.x's {@code CosFaceLoss} (defaults margin 0.35, scale 64); its {@code W}
 * [d, classes] is the transpose of dsml's class state [classes, d].
 */
public final class CosFaceLoss extends CosineClassifierLoss {
    private final float margin;
    private final float scale;

    public CosFaceLoss(double margin, double scale, int classes, int dim) {
        super(classes, dim);
        this.margin = (float) margin;
        this.scale = (float) scale;
    }

    @Override
    protected NDArray logits(NDArray cosines, NDArray targets) {
        return Scalars.mul(cosines.sub(Scalars.mul(targets, margin)), scale);
    }
}
