package io.dsml.losses.pair;

import io.dsml.core.params.ParamSpec;
import io.dsml.core.spi.LossFactory;
import io.dsml.losses.miners.Miners;
import java.util.List;

/** Registers {@link ContrastiveLoss} as {@code contrastive}. */
public final class ContrastiveLossFactory extends LossFactory.Declared {
    public ContrastiveLossFactory() {
        super(
                "contrastive",
                "contrastive loss on distances of normalised embeddings (Hadsell 2006; PML ContrastiveLoss)",
                PairLossParts.withParams(
                        List.of(
                                ParamSpec.real("pos_margin", 0, null, null, "positive pairs cost [d - pos_margin]_+"),
                                ParamSpec.real("neg_margin", 1, null, null, "negative pairs cost [neg_margin - d]_+")),
                        Distance.EUCLIDEAN,
                        Reducer.AVG_NON_ZERO,
                        Miners.ALL),
                (params, shape) -> new ContrastiveLoss(
                        params.getDouble("pos_margin"),
                        params.getDouble("neg_margin"),
                        PairLossParts.fromParams(params)));
    }
}
