package io.dsml.losses.pair;

import io.dsml.core.params.ParamSpec;
import io.dsml.core.params.Params;
import io.dsml.core.spi.LossFactory;
import io.dsml.core.spi.MetricLoss;
import java.util.List;

/** Registers {@link NPairLoss} as {@code npair}. */
public final class NPairLossFactory implements LossFactory {
    @Override
    public String name() {
        return "npair";
    }

    @Override
    public String description() {
        return "multi-class N-pair loss with L2 embedding regulariser (Sohn 2016; PML NPairsLoss)";
    }

    @Override
    public List<ParamSpec> params() {
        return List.of(
                ParamSpec.real("l2_reg", 0.002, 0.0, null, "weight of the mean squared embedding norm"),
                ParamSpec.flag("normalize", false, "use cosines instead of raw inner products (PML default: true)"));
    }

    @Override
    public MetricLoss create(Params params, LossShape shape) {
        return new NPairLoss(params.getDouble("l2_reg"), params.getBoolean("normalize"));
    }
}
