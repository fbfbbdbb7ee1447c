package io.dsml.losses.cosine;

import io.dsml.core.params.ParamSpec;
import io.dsml.core.spi.LossFactory;
import java.util.List;

/** Registers {@link ArcFaceLoss} as {@code arcface}. */
public final class ArcFaceLossFactory extends LossFactory.Declared {
    public ArcFaceLossFactory() {
        super(
                "arcface",
                "additive angular margin softmax (Deng 2019; PML ArcFaceLoss with margin in radians)",
                List.of(
                        ParamSpec.real(
                                "margin", 0.5, 0.0, Math.PI, "added to the target angle, in radians (PML: degrees)"),
                        ParamSpec.positive("scale", 64, "multiplies the cosines")),
                (params, shape) -> new ArcFaceLoss(
                        params.getDouble("margin"), params.getDouble("scale"), shape.classes(), shape.embeddingDim()));
    }
}
