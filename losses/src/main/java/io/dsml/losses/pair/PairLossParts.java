package io.dsml.losses.pair;

import io.dsml.core.params.ParamSpec;
import io.dsml.core.params.Params;
import io.dsml.losses.miners.Miner;
import io.dsml.losses.miners.Miners;
import java.util.ArrayList;
import java.util.List;

/**
 * The selectable parts of a pair or triplet loss, as in pytorch-metric-learning: the {@link
 * Distance} it compares samples with, the {@link Reducer} that averages its per-pair losses and
 * the {@link Miner} that chooses the pairs, and the size of the cross-batch memory the pairs are
 * formed against (0: none, pairs within the batch). Each is a hyperparameter ({@code distance},
 * {@code reducer}, {@code miner} with {@code miner_margin} and {@code epsilon}, {@code
 * memory_size}), declared the same way for every such loss by {@link #withParams}.
 *
 * @param memorySize how many past embeddings a {@link CrossBatchMemory} keeps; 0 turns it off
 */
public record PairLossParts(Distance distance, Reducer reducer, Miner miner, int memorySize) {

    public PairLossParts {
        if (memorySize < 0) {
            throw new IllegalArgumentException("memory_size must be >= 0, got " + memorySize);
        }
    }

    /** The parts of a loss that forms its pairs within the batch (no cross-batch memory). */
    public PairLossParts(Distance distance, Reducer reducer, Miner miner) {
        this(distance, reducer, miner, 0);
    }

    /**
     * {@code own} followed by the parts' hyperparameters, with this loss's defaults (PML's default
     * distance and reducer of the same loss, so that the defaults reproduce it).
     */
    public static List<ParamSpec> withParams(
            List<ParamSpec> own, Distance defaultDistance, Reducer defaultReducer, String defaultMiner) {
        List<ParamSpec> specs = new ArrayList<>(own);
        specs.add(ParamSpec.choice(
                "distance",
                defaultDistance.id(),
                Distance.ids(),
                "metric between L2-normalised embeddings (cosine is a similarity: margins apply mirrored)"));
        specs.add(ParamSpec.choice(
                "reducer", defaultReducer.id(), Reducer.ids(), "how the per-pair/triplet losses are averaged"));
        specs.addAll(Miners.params(defaultMiner));
        specs.add(ParamSpec.integer(
                "memory_size",
                0,
                0,
                null,
                "cross-batch memory: pairs are formed against the last memory_size training embeddings (0: off)"));
        return List.copyOf(specs);
    }

    /** The parts that resolved hyperparameters (declared by {@link #withParams}) name. */
    public static PairLossParts fromParams(Params params) {
        return new PairLossParts(
                Distance.byId(params.getString("distance")),
                Reducer.byId(params.getString("reducer")),
                Miners.fromParams(params),
                params.getInt("memory_size"));
    }
}
