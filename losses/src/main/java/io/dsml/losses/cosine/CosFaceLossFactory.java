package io.dsml.losses.cosine;

import io.dsml.core.params.ParamSpec;
import io.dsml.core.params.Params;
import io.dsml.core.spi.LossFactory;
import io.dsml.core.spi.MetricLoss;
import java.util.List;

/** Registers {@link CosFaceLoss} as {@code cosface}. */
public final class CosFaceLossFactory implements LossFactory {
    @Override
    public String name() {
        return "cosface";
    }

    @Override
    public String description() {
        return "additive cosine margin softmax (Wang 2018; PML CosFaceLoss)";
    }

    @Override
    public List<ParamSpec> params() {
        return List.of(
                ParamSpec.real("margin", 0.35, 0.0, null, "subtracted from the target cosine"),
                ParamSpec.positive("scale", 64, "multiplies the cosines"));
    }

    @Override
    public MetricLoss create(Params params, LossShape shape) {
        return new CosFaceLoss(
                params.getDouble("margin"), params.getDouble("scale"), shape.classes(), shape.embeddingDim());
    }
}
