package io.dsml.app.bench;

import io.dsml.core.train.TrainingContext;
import io.dsml.core.train.TrainingListener;

/**
 * Interleaves the raw DJL loops with dsml's training at the level of single steps: after each dsml
 * step it runs one step of each raw loop (alternating which goes first) and times all of them. A
 * slow stretch of the machine, which on a shared 2-core VM lasts seconds and shifts throughput by
 * tens of percent, then hits every path alike, and the totals compare like with like.
 *
 * <p>A dsml step's time runs from the end of the last raw step (or the start of its epoch) to the
 * moment this listener is called, which must be last: it includes waiting for the data pipeline,
 * the loss, the optimizer and the other listeners. Operators must run synchronously (MXNet's
 * NaiveEngine, which {@code ./dsml} uses without a GPU, or PyTorch on CPU); with an asynchronous
 * engine, work queued by one path would be waited for by the next.
 */
final class InterleavedSteps implements TrainingListener {
    private final long warmup;
    private final long steps;
    private final RawDjlLoop trainerStep;
    private final RawDjlLoop directStep;
    private long mark;
    private long counted;
    private long dsmlNanos;
    private long trainerStepNanos;
    private long directStepNanos;

    InterleavedSteps(long warmup, long steps, RawDjlLoop trainerStep, RawDjlLoop directStep) {
        this.warmup = warmup;
        this.steps = steps;
        this.trainerStep = trainerStep;
        this.directStep = directStep;
    }

    @Override
    public void onEpochBegin(TrainingContext context, int epoch, int batches, int done) {
        mark = System.nanoTime();
    }

    @Override
    public void onBatchEnd(TrainingContext context, int epoch, long step, float loss) {
        long dsmlEnd = System.nanoTime();
        boolean timed = step > warmup && counted < steps;
        if (!timed && counted >= steps) {
            mark = System.nanoTime();
            return;
        }
        boolean trainerFirst = step % 2 == 0;
        long first = time(trainerFirst ? trainerStep : directStep);
        long second = time(trainerFirst ? directStep : trainerStep);
        if (timed) {
            dsmlNanos += dsmlEnd - mark;
            trainerStepNanos += trainerFirst ? first : second;
            directStepNanos += trainerFirst ? second : first;
            counted++;
        }
        mark = System.nanoTime();
    }

    private static long time(RawDjlLoop loop) {
        long start = System.nanoTime();
        loop.step();
        return System.nanoTime() - start;
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
