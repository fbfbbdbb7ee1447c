package io.dsml.app.bench;

import io.dsml.core.train.TrainingContext;
import io.dsml.core.train.TrainingListener;

/**
 * Times training steps from inside the real training loop. A step's time runs from the end of the
 * previous step (or the start of its epoch) to the end of its own, so it includes waiting for the
 * data pipeline, the loss, the optimizer and the listeners that ran before this one; work between
 * epochs (class-state refresh, evaluation, checkpoints) is left out, and reported separately by
 * the trainer's own metrics. The first {@code warmup} steps are not counted.
 */
final class StepTimer implements TrainingListener {
    private final long warmup;
    private final long steps;
    private long mark;
    private long counted;
    private long nanos;

    StepTimer(long warmup, long steps) {
        this.warmup = warmup;
        this.steps = steps;
    }

    @Override
    public void onEpochBegin(TrainingContext context, int epoch, int batches, int done) {
        mark = System.nanoTime();
    }

    @Override
    public void onBatchEnd(TrainingContext context, int epoch, long step, float loss) {
        long now = System.nanoTime();
        if (step > warmup && counted < steps) {
            nanos += now - mark;
            counted++;
        }
        mark = now;
    }

    /** Steps timed so far. */
    long counted() {
        return counted;
    }

    /** Seconds spent in the timed steps. */
    double seconds() {
        return nanos / 1e9;
    }
}
