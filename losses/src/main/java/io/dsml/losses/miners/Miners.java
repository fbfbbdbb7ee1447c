package io.dsml.losses.miners;

import io.dsml.core.params.ParamSpec;
import io.dsml.core.params.Params;
import java.util.ArrayList;
import java.util.List;

/**
 * The miners by name, and the hyperparameters through which every pair or triplet loss lets the
 * user pick one: {@code miner} (all | batch-hard | semi-hard | multi-similarity), {@code
 * miner_margin} (the semi-hard band) and {@code epsilon} (the multi-similarity slack). Declaring
 * them through {@link #params} gives every such loss the same names, defaults and ranges.
 */
public final class Miners {
    public static final String ALL = "all";
    public static final String BATCH_HARD = "batch-hard";
    public static final String SEMI_HARD = "semi-hard";
    public static final String MULTI_SIMILARITY = "multi-similarity";
    public static final List<String> NAMES = List.of(ALL, BATCH_HARD, SEMI_HARD, MULTI_SIMILARITY);

    /** pytorch-metric-learning's {@code TripletMarginMiner} default margin. */
    public static final double DEFAULT_MINER_MARGIN = 0.2;
    /** pytorch-metric-learning's (and the paper's) {@code MultiSimilarityMiner} default epsilon. */
    public static final double DEFAULT_EPSILON = 0.1;

    private Miners() {}

    /** The miner hyperparameters, with {@code defaultMiner} as the default of {@code miner}. */
    public static List<ParamSpec> params(String defaultMiner) {
        List<ParamSpec> specs = new ArrayList<>();
        specs.add(ParamSpec.choice("miner", defaultMiner, NAMES, "which pairs/triplets of the batch the loss uses"));
        specs.add(ParamSpec.real(
                "miner_margin",
                DEFAULT_MINER_MARGIN,
                0.0,
                null,
                "semi-hard miner: keep triplets with 0 < d_an - d_ap <= miner_margin"));
        specs.add(ParamSpec.real(
                "epsilon", DEFAULT_EPSILON, 0.0, null, "multi-similarity miner: slack of the pair selection"));
        return specs;
    }

    /** The miner that resolved hyperparameters (declared by {@link #params}) name. */
    public static Miner fromParams(Params params) {
        return create(params.getString("miner"), params.getDouble("miner_margin"), params.getDouble("epsilon"));
    }

    /** A miner by name. */
    public static Miner create(String name, double minerMargin, double epsilon) {
        return switch (name) {
            case ALL -> new AllPairsMiner();
            case BATCH_HARD -> new BatchHardMiner();
            case SEMI_HARD -> new SemiHardMiner(minerMargin);
            case MULTI_SIMILARITY -> new MultiSimilarityMiner(epsilon);
            default -> throw new IllegalArgumentException("unknown miner '" + name + "'; known: " + NAMES);
        };
    }
}
