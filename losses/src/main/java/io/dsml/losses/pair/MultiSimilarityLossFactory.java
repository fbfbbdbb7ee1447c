package io.dsml.losses.pair;

import io.dsml.core.params.ParamSpec;
import io.dsml.core.params.Params;
import io.dsml.core.spi.LossFactory;
import io.dsml.core.spi.MetricLoss;
import io.dsml.losses.miners.Miners;
import java.util.List;

/** Registers {@link MultiSimilarityLoss} as {@code multi-similarity}. */
public final class MultiSimilarityLossFactory implements LossFactory {
    @Override
    public String name() {
        return "multi-similarity";
    }

    @Override
    public String description() {
        return "multi-similarity loss with its pair miner (Wang 2019; PML MultiSimilarityLoss + MultiSimilarityMiner)";
    }

    @Override
    public List<ParamSpec> params() {
        return PairLossParts.withParams(
                List.of(
                        ParamSpec.positive("alpha", 2, "weight of positive pairs"),
                        ParamSpec.positive("beta", 50, "weight of negative pairs"),
                        ParamSpec.real("base", 0.5, -1.0, 1.0, "similarity margin lambda")),
                Distance.COSINE,
                Reducer.MEAN,
                Miners.MULTI_SIMILARITY);
    }

    @Override
    public MetricLoss create(Params params, LossShape shape) {
        return new MultiSimilarityLoss(
                params.getDouble("alpha"),
                params.getDouble("beta"),
                params.getDouble("base"),
                PairLossParts.fromParams(params));
    }
}
