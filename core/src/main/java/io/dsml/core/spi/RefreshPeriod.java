package io.dsml.core.spi;

/**
 * How often a {@link RefreshableClassState} wants a full-training-set refresh. A refresh always
 * happens once before the first step.
 *
 * @param everyEpochs refresh after every this many epochs; 0 for never (after the first)
 * @param everyIterations refresh after every this many optimizer steps, counted over the whole run;
 *     0 for never
 * @param perEpoch refreshes per epoch at evenly spaced steps, the last of them the epoch's end
 *     (which {@code everyEpochs} governs): 2 refreshes halfway through every epoch as well, 4 at each
 *     quarter. Unlike {@code everyIterations} the points stay aligned with the epochs, so every
 *     end-of-epoch evaluation sees means of the same age whatever the steps per epoch. 1 for none
 *     within the epoch
 */
public record RefreshPeriod(int everyEpochs, int everyIterations, int perEpoch) {
    public RefreshPeriod {
        if (everyEpochs < 0 || everyIterations < 0) {
            throw new IllegalArgumentException("refresh periods must be >= 0");
        }
        if (perEpoch < 1) {
            throw new IllegalArgumentException("refreshes per epoch must be >= 1, got " + perEpoch);
        }
    }

    /** No refresh within an epoch beyond what the two periods ask for. */
    public RefreshPeriod(int everyEpochs, int everyIterations) {
        this(everyEpochs, everyIterations, 1);
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

    /**
     * Whether one of the {@link #perEpoch} points inside the epoch falls on the step just done: the
     * k-th of them (k = 1 .. perEpoch - 1) after the first step with {@code done * perEpoch >= k *
     * stepsInEpoch}. The epoch's last step is never one of them (the epoch's end is).
     *
     * @param done steps of this epoch done, the one just taken included (1 .. stepsInEpoch)
     * @param stepsInEpoch the epoch's steps
     */
    public boolean dueWithinEpoch(int done, int stepsInEpoch) {
        return isEvenPoint(perEpoch, done, stepsInEpoch);
    }

    /**
     * Whether the step just done is one of {@code points} evenly spaced points of an epoch that
     * fall inside it (k = 1 .. points - 1: the first step with {@code done * points >= k *
     * stepsInEpoch}); the epoch's end, the last point, is not. Shared by the trainer's other
     * per-epoch schedules (evaluation probes).
     */
    public static boolean isEvenPoint(int points, int done, int stepsInEpoch) {
        if (points <= 1 || done < 1 || done >= stepsInEpoch) {
            return false;
        }
        return (long) done * points / stepsInEpoch > (long) (done - 1) * points / stepsInEpoch;
    }
}
