package io.dsml.losses.center;

import io.dsml.core.params.ParamSpec;
import io.dsml.core.spi.LossFactory;
import java.util.List;

/**
 * Registers {@link CenterLoss} as {@code center}. Defaults are Wen et al.'s face-recognition
 * setting: lambda 0.003, alpha 0.5, with the softmax at weight 1.
 */
public final class CenterLossFactory extends LossFactory.Declared {
    public CenterLossFactory() {
        super(
                "center",
                "softmax plus center loss, centers updated by Wen et al.'s rule (Wen 2016)",
                List.of(
                        ParamSpec.real("lambda", 0.003, 0.0, null, "weight of the center term mean ||e - c_y||^2 / 2"),
                        ParamSpec.real("alpha", 0.5, 0.0, 1.0, "center update rate per batch (0: centers stay fixed)"),
                        ParamSpec.real(
                                "softmax_weight",
                                1,
                                0.0,
                                null,
                                "weight of the softmax cross-entropy (0: center term only)")),
                (params, shape) -> new CenterLoss(
                        params.getDouble("lambda"),
                        params.getDouble("alpha"),
                        params.getDouble("softmax_weight"),
                        shape.classes(),
                        shape.embeddingDim()));
    }
}
