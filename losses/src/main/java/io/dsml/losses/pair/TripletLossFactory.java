package io.dsml.losses.pair;

import io.dsml.core.params.ParamSpec;
import io.dsml.core.spi.LossFactory;
import io.dsml.losses.miners.Miners;
import java.util.List;

/** Registers {@link TripletLoss} as {@code triplet}. */
public final class TripletLossFactory extends LossFactory.Declared {
    public TripletLossFactory() {
        super(
                "triplet",
                "triplet margin loss on distances of normalised embeddings (Schroff 2015; PML TripletMarginLoss)",
                PairLossParts.withParams(
                        List.of(ParamSpec.real("margin", 0.05, 0.0, null, "triplets cost [d_ap - d_an + margin]_+")),
                        Distance.EUCLIDEAN,
                        Reducer.AVG_NON_ZERO,
                        Miners.ALL),
                (params, shape) -> new TripletLoss(params.getDouble("margin"), PairLossParts.fromParams(params)));
    }
}
