package io.dsml.core.spi;

/**
 * How often a {@link RefreshableClassState} wants a full-training-set refresh. A refresh always
 * happens once before the first step.
 *
 * @param everyEpochs refresh after every this many epochs; 0 for never (after the first)
 * @param everyIterations refresh after every this many optimizer steps; 0 for never
 */
public record RefreshPeriod(int everyEpochs, int everyIterations) {
    public RefreshPeriod {
        if (everyEpochs < 0 || everyIterations < 0) {
            throw new IllegalArgumentException("refresh periods must be >= 0");
        }
    }

    /** Refresh once before training and never again. */
    public static RefreshPeriod onlyAtStart() {
        return new RefreshPeriod(0, 0);
    }

    public boolean dueAfterEpoch(int epochsDone) {
        return everyEpochs > 0 && epochsDone % everyEpochs == 0;
    }

    public boolean dueAfterIteration(long stepsDone) {
        return everyIterations > 0 && stepsDone % everyIterations == 0;
    }
}
