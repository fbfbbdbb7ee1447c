package io.dsml.app.bench;

import io.dsml.core.train.TrainingContext;
import io.dsml.core.train.TrainingListener;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Times dsml's training steps from inside the real training loop and, if given baseline loops,
 * interleaves them at the level of single steps: after each dsml step it runs one step of every
 * baseline (in list order after even steps, reversed after odd ones) and times each. A slow
 * stretch of the machine, which on a shared 2-core VM lasts seconds and shifts throughput by tens
 * of percent, then hits every path alike, and the totals compare like with like.
 *
 * <p>A dsml step's time runs from the end of the previous step or baseline step (or the start of
 * its epoch) to the moment this listener is called, which must be last: it includes the loss, the
 * optimizer, the other listeners and any wait for the data pipeline. Work between epochs
 * (class-state refresh, evaluation, checkpoints) is left out; the trainer's own metrics report it.
 * The first {@code warmup} steps are not counted, nor any after {@code steps} have been.
 *
 * <p>dsml's prefetching thread starts assembling the next batch as the current one is taken, at
 * the start of dsml's step, and is done long before the baseline steps (0.2-0.4 ms for the
 * quickstart's 128 images of 28x28, of a ~25 ms step), so that work competes with dsml's step, as
 * it does in training. With baselines, operators must run synchronously (MXNet's NaiveEngine,
 * which {@code ./dsml} uses without a GPU, or PyTorch on CPU); with an asynchronous engine, work
 * queued by one path would be waited for by the next.
 */
final class StepTimer implements TrainingListener {
    /** One training step of a baseline loop. */
    interface Stepper {
        void step();
    }

    private final long warmup;
    private final long steps;
    private final List<Stepper> baselines;
    private final LongSupplier clock;
    private final long[] baselineNanos;
    private long mark;
    private long counted;
    private long dsmlNanos;

    StepTimer(long warmup, long steps, List<Stepper> baselines) {
        this(warmup, steps, baselines, System::nanoTime);
    }

    /** With {@code clock} in nanoseconds, for tests. */
    StepTimer(long warmup, long steps, List<Stepper> baselines, LongSupplier clock) {
        this.warmup = warmup;
        this.steps = steps;
        this.baselines = List.copyOf(baselines);
        this.clock = clock;
        this.baselineNanos = new long[baselines.size()];
    }

    @Override
    public void onEpochBegin(TrainingContext context, int epoch, int batches, int done) {
        mark = clock.getAsLong();
    }

    @Override
    public void onBatchEnd(TrainingContext context, int epoch, long step, float loss) {
        long dsmlEnd = clock.getAsLong();
        if (counted >= steps) {
            mark = clock.getAsLong();
            return;
        }
        boolean timed = step > warmup;
        int n = baselines.size();
        for (int k = 0; k < n; k++) {
            int i = step % 2 == 0 ? k : n - 1 - k;
            long start = clock.getAsLong();
            baselines.get(i).step();
            if (timed) {
                baselineNanos[i] += clock.getAsLong() - start;
            }
        }
        if (timed) {
            dsmlNanos += dsmlEnd - mark;
            counted++;
        }
        mark = clock.getAsLong();
    }

    /** Steps timed so far. */
    long counted() {
        return counted;
    }

    /** Seconds spent in the timed dsml steps. */
    double dsmlSeconds() {
        return dsmlNanos / 1e9;
    }

    /** Seconds spent in the timed steps of baseline {@code index}. */
    double baselineSeconds(int index) {
        return baselineNanos[index] / 1e9;
    }
}
