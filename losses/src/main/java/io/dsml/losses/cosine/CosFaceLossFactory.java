package io.dsml.losses.cosine;

import io.dsml.core.params.ParamSpec;
import io.dsml.core.spi.LossFactory;
import java.util.List;

/** Registers {@link CosFaceLoss} as {@code cosface}. */
public final class CosFaceLossFactory extends LossFactory.Declared {
    public CosFaceLossFactory() {
        super(
                "cosface",
                "additive cosine margin softmax (Wang 2018; PML CosFaceLoss)",
                List.of(
                        ParamSpec.real("margin", 0.35, 0.0, null, "subtracted from the target cosine"),
                        ParamSpec.positive("scale", 64, "multiplies the cosines")),
                (params, shape) -> new CosFaceLoss(
                        params.getDouble("margin"), params.getDouble("scale"), shape.classes(), shape.embeddingDim()));
    }
}
