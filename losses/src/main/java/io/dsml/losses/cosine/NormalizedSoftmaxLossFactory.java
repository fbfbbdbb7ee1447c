package io.dsml.losses.cosine;

import io.dsml.core.params.ParamSpec;
import io.dsml.core.spi.LossFactory;
import java.util.List;

/** Registers {@link NormalizedSoftmaxLoss} as {@code normalized-softmax}. */
public final class NormalizedSoftmaxLossFactory extends LossFactory.Declared {
    public NormalizedSoftmaxLossFactory() {
        super(
                "normalized-softmax",
                "softmax on cosines to learned class weights over a temperature (NormFace; PML NormalizedSoftmaxLoss)",
                List.of(ParamSpec.positive("temperature", 0.05, "logits are cosines / temperature")),
                (params, shape) -> new NormalizedSoftmaxLoss(
                        params.getDouble("temperature"), shape.classes(), shape.embeddingDim()));
    }
}
