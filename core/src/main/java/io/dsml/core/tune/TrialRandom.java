package io.dsml.core.tune;

import java.util.SplittableRandom;

/** The random stream of one trial's proposal: a function of the search's seed and the trial number only. */
final class TrialRandom {
    private TrialRandom() {}

    static SplittableRandom of(long seed, int trial) {
        // a hash of the seed, offset by the trial: SplittableRandom mixes the result into a stream
        return new SplittableRandom(new SplittableRandom(seed).nextLong() + trial);
    }
}
