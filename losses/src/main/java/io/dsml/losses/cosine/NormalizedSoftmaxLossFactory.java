package io.dsml.losses.cosine;

import io.dsml.core.params.ParamSpec;
import io.dsml.core.params.Params;
import io.dsml.core.spi.LossFactory;
import io.dsml.core.spi.MetricLoss;
import java.util.List;

/** Registers {@link NormalizedSoftmaxLoss} as {@code normalized-softmax}. */
public final class NormalizedSoftmaxLossFactory implements LossFactory {
    @Override
    public String name() {
        return "normalized-softmax";
    }

    @Override
    public String description() {
        return "softmax on cosines to learned class weights over a temperature (NormFace; PML NormalizedSoftmaxLoss)";
    }

    @Override
    public List<ParamSpec> params() {
        return List.of(ParamSpec.positive("temperature", 0.05, "logits are cosines / temperature"));
    }

    @Override
    public MetricLoss create(Params params, LossShape shape) {
        return new NormalizedSoftmaxLoss(params.getDouble("temperature"), shape.classes(), shape.embeddingDim());
    }
}
