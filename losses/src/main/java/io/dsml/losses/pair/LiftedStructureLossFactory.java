package io.dsml.losses.pair;

import io.dsml.core.params.ParamSpec;
import io.dsml.core.spi.LossFactory;
import io.dsml.losses.miners.Miners;
import java.util.List;

/** Registers {@link LiftedStructureLoss} as {@code lifted-structure}. */
public final class LiftedStructureLossFactory extends LossFactory.Declared {
    public LiftedStructureLossFactory() {
        super(
                "lifted-structure",
                "lifted structured embedding loss (Song 2016; PML LiftedStructureLoss)",
                PairLossParts.withParams(
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
                        Miners.ALL),
                (params, shape) -> new LiftedStructureLoss(
                        params.getDouble("pos_margin"),
                        params.getDouble("neg_margin"),
                        PairLossParts.fromParams(params)));
    }
}
