package io.dsml.losses.proxy;

import io.dsml.core.params.ParamSpec;
import io.dsml.core.spi.LossFactory;
import java.util.List;

/** Registers {@link ProxyAnchorLoss} as {@code proxy-anchor}. */
public final class ProxyAnchorLossFactory extends LossFactory.Declared {
    public ProxyAnchorLossFactory() {
        super(
                "proxy-anchor",
                "proxies as anchors against all samples of the batch (Kim 2020; PML ProxyAnchorLoss)",
                List.of(
                        ParamSpec.real("margin", 0.1, 0.0, null, "the paper's delta"),
                        ParamSpec.positive("alpha", 32, "the paper's scaling factor")),
                (params, shape) -> new ProxyAnchorLoss(
                        params.getDouble("margin"), params.getDouble("alpha"), shape.classes(), shape.embeddingDim()));
    }
}
