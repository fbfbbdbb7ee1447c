package io.dsml.losses.proxy;

import io.dsml.core.params.ParamSpec;
import io.dsml.core.params.Params;
import io.dsml.core.spi.LossFactory;
import io.dsml.core.spi.MetricLoss;
import java.util.List;

/** Registers {@link ProxyAnchorLoss} as {@code proxy-anchor}. */
public final class ProxyAnchorLossFactory implements LossFactory {
    @Override
    public String name() {
        return "proxy-anchor";
    }

    @Override
    public String description() {
        return "proxies as anchors against all samples of the batch (Kim 2020; PML ProxyAnchorLoss)";
    }

    @Override
    public List<ParamSpec> params() {
        return List.of(
                ParamSpec.real("margin", 0.1, 0.0, null, "the paper's delta"),
                ParamSpec.positive("alpha", 32, "the paper's scaling factor"));
    }

    @Override
    public MetricLoss create(Params params, LossShape shape) {
        return new ProxyAnchorLoss(
                params.getDouble("margin"), params.getDouble("alpha"), shape.classes(), shape.embeddingDim());
    }
}
