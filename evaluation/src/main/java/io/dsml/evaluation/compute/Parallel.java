package io.dsml.evaluation.compute;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small fixed pool that runs independent tasks {@code 0..tasks-1}: the calling thread and up to
 * {@code threads - 1} pool threads each pull the next task index from a shared counter, so uneven
 * tasks balance out. Results must be written by task index, never by worker, so the outcome does
 * not depend on scheduling. Close it to stop the pool threads.
 */
public final class Parallel implements AutoCloseable {
    /** A task body that receives the worker number (for per-worker scratch buffers). */
    @FunctionalInterface
    public interface Body {
        void run(int worker, int task);
    }

    private final int threads;
    private final ExecutorService pool;

    /** A pool of {@code threads} workers in all, the caller included. */
    public Parallel(int threads) {
        this.threads = Math.max(1, threads);
        this.pool = this.threads == 1
                ? null
                : Executors.newFixedThreadPool(this.threads - 1, r -> {
                    Thread t = new Thread(r, "dsml-eval");
                    t.setDaemon(true);
                    return t;
                });
    }

    /** Number of workers, the caller included. */
    public int threads() {
        return threads;
    }

    /**
     * Runs {@code body} for every task index and returns when all are done; rethrows the first
     * failure unchecked. Worker numbers are in {@code [0, threads)}, 0 being the caller; they are
     * unique only within one call, so concurrent calls must not share per-worker state.
     */
    public void forEach(int tasks, Body body) {
        int workers = Math.min(threads, tasks);
        AtomicInteger next = new AtomicInteger();
        if (workers <= 1) {
            drain(0, tasks, next, body);
            return;
        }
        List<Future<?>> futures = new ArrayList<>(workers - 1);
        for (int w = 1; w < workers; w++) {
            int worker = w;
            futures.add(pool.submit(() -> drain(worker, tasks, next, body)));
        }
        try {
            drain(0, tasks, next, body);
        } finally {
            awaitAll(futures);
        }
    }

    /** Splits rows {@code [0, rows)} into about equal contiguous ranges, one per worker. */
    public void forRanges(int rows, RangeBody body) {
        int parts = Math.min(threads, rows);
        forEach(
                parts,
                (w, part) -> body.run((int) ((long) rows * part / parts), (int) ((long) rows * (part + 1) / parts)));
    }

    /** A body over a half-open range of rows. */
    @FunctionalInterface
    public interface RangeBody {
        void run(int from, int to);
    }

    private static void drain(int worker, int tasks, AtomicInteger next, Body body) {
        for (int t = next.getAndIncrement(); t < tasks; t = next.getAndIncrement()) {
            body.run(worker, t);
        }
    }

    private static void awaitAll(List<Future<?>> futures) {
        RuntimeException failure = null;
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = new IllegalStateException("interrupted", e);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof Error err) {
                    throw err;
                }
                if (failure == null) {
                    failure = cause instanceof RuntimeException re ? re : new IllegalStateException(cause);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
