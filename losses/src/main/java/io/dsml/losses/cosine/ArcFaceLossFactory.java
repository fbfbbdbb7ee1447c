package io.dsml.losses.cosine;

import io.dsml.core.params.ParamSpec;
import io.dsml.core.params.Params;
import io.dsml.core.spi.LossFactory;
import io.dsml.core.spi.MetricLoss;
import java.util.List;

/** Registers {@link ArcFaceLoss} as {@code arcface}. */
public final class ArcFaceLossFactory implements LossFactory {
    @Override
    public String name() {
        return "arcface";
    }

    @Override
    public String description() {
        return "additive angular margin softmax (Deng 2019; PML ArcFaceLoss with margin in radians)";
    }

    @Override
    public List<ParamSpec> params() {
        return List.of(
                ParamSpec.real("margin", 0.5, 0.0, Math.PI, "added to the target angle, in radians (PML: degrees)"),
                ParamSpec.positive("scale", 64, "multiplies the cosines"));
    }

    @Override
    public MetricLoss create(Params params, LossShape shape) {
        return new ArcFaceLoss(
                params.getDouble("margin"), params.getDouble("scale"), shape.classes(), shape.embeddingDim());
    }
}
