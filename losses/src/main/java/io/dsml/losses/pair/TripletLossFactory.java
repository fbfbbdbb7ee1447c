package io.dsml.losses.pair;

import io.dsml.core.params.ParamSpec;
import io.dsml.core.params.Params;
import io.dsml.core.spi.LossFactory;
import io.dsml.core.spi.MetricLoss;
import io.dsml.losses.miners.Miners;
import java.util.List;

/** Registers {@link TripletLoss} as {@code triplet}. */
public final class TripletLossFactory implements LossFactory {
    @Override
    public String name() {
        return "triplet";
    }

    @Override
    public String description() {
        return "triplet margin loss on distances of normalised embeddings (Schroff 2015; PML TripletMarginLoss)";
    }

    @Override
    public List<ParamSpec> params() {
        return PairLossParts.withParams(
                List.of(ParamSpec.real("margin", 0.05, 0.0, null, "triplets cost [d_ap - d_an + margin]_+")),
                Distance.EUCLIDEAN,
                Reducer.AVG_NON_ZERO,
                Miners.ALL);
    }

    @Override
    public MetricLoss create(Params params, LossShape shape) {
        return new TripletLoss(params.getDouble("margin"), PairLossParts.fromParams(params));
    }
}
