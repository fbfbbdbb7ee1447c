package io.dsml.losses.proxy;

import io.dsml.core.params.ParamSpec;
import io.dsml.core.spi.LossFactory;
import java.util.List;

/** Registers {@link ProxyNcaLoss} as {@code proxy-nca}. */
public final class ProxyNcaLossFactory extends LossFactory.Declared {
    public ProxyNcaLossFactory() {
        super(
                "proxy-nca",
                "NCA against one learned proxy per class (Movshovitz-Attias 2017; PML ProxyNCALoss)",
                List.of(ParamSpec.positive(
                        "softmax_scale", 1, "multiplies the negated squared distances before the softmax")),
                (params, shape) ->
                        new ProxyNcaLoss(params.getDouble("softmax_scale"), shape.classes(), shape.embeddingDim()));
    }
}
