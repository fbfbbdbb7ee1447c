package io.dsml.losses.proxy;

import io.dsml.core.params.ParamSpec;
import io.dsml.core.params.Params;
import io.dsml.core.spi.LossFactory;
import io.dsml.core.spi.MetricLoss;
import java.util.List;

/** Registers {@link ProxyNcaLoss} as {@code proxy-nca}. */
public final class ProxyNcaLossFactory implements LossFactory {
    @Override
    public String name() {
        return "proxy-nca";
    }

    @Override
    public String description() {
        return "NCA against one learned proxy per class (Movshovitz-Attias 2017; PML ProxyNCALoss)";
    }

    @Override
    public List<ParamSpec> params() {
        return List.of(
                ParamSpec.positive("softmax_scale", 1, "multiplies the negated squared distances before the softmax"));
    }

    @Override
    public MetricLoss create(Params params, LossShape shape) {
        return new ProxyNcaLoss(params.getDouble("softmax_scale"), shape.classes(), shape.embeddingDim());
    }
}
