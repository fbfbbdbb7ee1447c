package io.dsml.losses.pair;

import io.dsml.core.params.ParamSpec;
import io.dsml.core.spi.LossFactory;
import java.util.List;

/** Registers {@link NPairLoss} as {@code npair}. */
public final class NPairLossFactory extends LossFactory.Declared {
    public NPairLossFactory() {
        super(
                "npair",
                "multi-class N-pair loss with L2 embedding regulariser (Sohn 2016; PML NPairsLoss)",
                List.of(
                        ParamSpec.real("l2_reg", 0.002, 0.0, null, "weight of the mean squared embedding norm"),
                        ParamSpec.flag(
                                "normalize", false, "use cosines instead of raw inner products (PML default: true)")),
                (params, shape) -> new NPairLoss(params.getDouble("l2_reg"), params.getBoolean("normalize")));
    }
}
