package io.dsml.losses.pair;

import io.dsml.core.params.ParamSpec;
import io.dsml.core.spi.LossFactory;
import io.dsml.losses.miners.Miners;
import java.util.List;

/** Registers {@link MultiSimilarityLoss} as {@code multi-similarity}. */
public final class MultiSimilarityLossFactory extends LossFactory.Declared {
    public MultiSimilarityLossFactory() {
        super(
                "multi-similarity",
                "multi-similarity loss with its pair miner (Wang 2019; PML MultiSimilarityLoss + MultiSimilarityMiner)",
                PairLossParts.withParams(
                        List.of(
                                ParamSpec.positive("alpha", 2, "weight of positive pairs"),
                                ParamSpec.positive("beta", 50, "weight of negative pairs"),
                                ParamSpec.real("base", 0.5, -1.0, 1.0, "similarity margin lambda")),
                        Distance.COSINE,
                        Reducer.MEAN,
                        Miners.MULTI_SIMILARITY),
                (params, shape) -> new MultiSimilarityLoss(
                        params.getDouble("alpha"),
                        params.getDouble("beta"),
                        params.getDouble("base"),
                        PairLossParts.fromParams(params)));
    }
}
