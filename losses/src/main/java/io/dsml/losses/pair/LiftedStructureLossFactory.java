package io.dsml.losses.pair;

import io.dsml.core.params.ParamSpec;
import io.dsml.core.params.Params;
import io.dsml.core.spi.LossFactory;
import io.dsml.core.spi.MetricLoss;
import io.dsml.losses.miners.Miners;
import java.util.List;

/** Registers {@link LiftedStructureLoss} as {@code lifted-structure}. */
public final class LiftedStructureLossFactory implements LossFactory {
    @Override
    public String name() {
        return "lifted-structure";
    }

    @Override
    public String description() {
        return "lifted structured embedding loss (Song 2016; PML LiftedStructureLoss)";
    }

    @Override
    public List<ParamSpec> params() {
        return PairLossParts.withParams(
                List.of(
                        ParamSpec.real("pos_margin", 0, null, null, "subtracted from each positive distance"),
                        ParamSpec.real(
                                "neg_margin",
                                1,
                                null,
                                null,
                                "Song et al.'s alpha: negatives cost exp(neg_margin - d)")),
                Distance.EUCLIDEAN,
                Reducer.MEAN,
                Miners.ALL);
    }

    @Override
    public MetricLoss create(Params params, LossShape shape) {
        return new LiftedStructureLoss(
                params.getDouble("pos_margin"), params.getDouble("neg_margin"), PairLossParts.fromParams(params));
    }
}
