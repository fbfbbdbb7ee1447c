package io.dsml.losses.softmax;

import io.dsml.core.spi.LossFactory;
import java.util.List;

/** Registers {@link SoftmaxLoss} as {@code softmax}. */
public final class SoftmaxLossFactory extends LossFactory.Declared {
    public SoftmaxLossFactory() {
        super(
                "softmax",
                "softmax cross-entropy on a linear classifier (the classification baseline)",
                List.of(),
                (params, shape) -> new SoftmaxLoss(shape.classes(), shape.embeddingDim()));
    }
}
