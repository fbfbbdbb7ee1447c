package io.dsml.losses.softmax;

import io.dsml.core.params.ParamSpec;
import io.dsml.core.params.Params;
import io.dsml.core.spi.LossFactory;
import io.dsml.core.spi.MetricLoss;
import java.util.List;

/** Registers {@link SoftmaxLoss} as {@code softmax}. */
public final class SoftmaxLossFactory implements LossFactory {
    @Override
    public String name() {
        return "softmax";
    }

    @Override
    public String description() {
        return "softmax cross-entropy on a linear classifier (the classification baseline)";
    }

    @Override
    public List<ParamSpec> params() {
        return List.of();
    }

    @Override
    public MetricLoss create(Params params, LossShape shape) {
        return new SoftmaxLoss(shape.classes(), shape.embeddingDim());
    }
}
