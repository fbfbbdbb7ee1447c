package io.dsml.app.bench;

import io.dsml.core.train.TrainingContext;
import io.dsml.core.train.TrainingListener;
import java.util.function.LongSupplier;

/**
 * Interleaves the raw DJL loops with dsml's training at the level of single steps: after each dsml
 * step it runs one step of each raw loop (alternating which goes first) and times all of them. A
 * slow stretch of the machine, which on a shared 2-core VM lasts seconds and shifts throughput by
 * tens of percent, then hits every path alike, and the totals compare like with like.
 *
 * <p>A dsml step's time runs from the end of the last raw step (or the start of its epoch) to the
 * moment this listener is called, which must be last: it includes the loss, the optimizer, the
 * other listeners and any wait for the data pipeline. dsml's prefetching thread starts assembling
 * the next batch as the current one is taken, at the start of dsml's step, and is done long before
 * the raw steps (0.2-0.4 ms for the quickstart's 128 images of 28x28, of a ~25 ms step), so that
 * work competes with dsml's step, as it does in training. Operators must run synchronously
 * (MXNet's NaiveEngine, which {@code ./dsml} uses without a GPU, or PyTorch on CPU); with an
 * asynchronous engine, work queued by one path would be waited for by the next.
 */
final class InterleavedSteps implements TrainingListener {
    /** One training step of a baseline loop. */
    interface Stepper {
        void step();
    }

    private final long warmup;
    private final long steps;
    private final Stepper trainerStep;
    private final Stepper directStep;
    private final LongSupplier clock;
    private long mark;
    private long counted;
    private long dsmlNanos;
    private long trainerStepNanos;
    private long directStepNanos;

    InterleavedSteps(long warmup, long steps, Stepper trainerStep, Stepper directStep) {
        this(warmup, steps, trainerStep, directStep, System::nanoTime);
    }

    /** With {@code clock} in nanoseconds, for tests. */
    InterleavedSteps(long warmup, long steps, Stepper trainerStep, Stepper directStep, LongSupplier clock) {
        this.warmup = warmup;
        this.steps = steps;
        this.trainerStep = trainerStep;
        this.directStep = directStep;
        this.clock = clock;
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
        boolean trainerFirst = step % 2 == 0;
        long first = time(trainerFirst ? trainerStep : directStep);
        long second = time(trainerFirst ? directStep : trainerStep);
        if (timed) {
            dsmlNanos += dsmlEnd - mark;
            trainerStepNanos += trainerFirst ? first : second;
            directStepNanos += trainerFirst ? second : first;
            counted++;
        }
        mark = clock.getAsLong();
    }

    private long time(Stepper loop) {
        long start = clock.getAsLong();
        loop.step();
        return clock.getAsLong() - start;
    }

    long counted() {
        return counted;
    }

    double dsmlSeconds() {
        return dsmlNanos / 1e9;
    }

    double trainerStepSeconds() {
        return trainerStepNanos / 1e9;
    }

    double directStepSeconds() {
        return directStepNanos / 1e9;
    }
}
