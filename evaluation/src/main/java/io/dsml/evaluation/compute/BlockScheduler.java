package io.dsml.evaluation.compute;

/**
 * Splits {@code threads} between BLAS and Java for loops of the form "one BLAS product per block,
 * then cheap per-row work on its result" (similarity tiles, k-means assignment).
 *
 * <p>Native OpenBLAS already spreads one product over its own threads, and running several such
 * products from several Java threads oversubscribes the cores (measured: k-means assignment ran
 * twice as slowly). So blocks are processed by {@code threads / blasThreads} concurrent callers,
 * and each block's row work is split over {@code threads / callers} helper threads. With native
 * OpenBLAS at its default thread count that means one caller and parallel row work; with the
 * pure-Java fallback (single-threaded products) it means one block per thread.
 *
 * <p>OpenBLAS's thread count is read the way OpenBLAS reads it: {@code OPENBLAS_NUM_THREADS},
 * then {@code GOTO_NUM_THREADS}, then {@code OMP_NUM_THREADS}, else the number of processors.
 */
public final class BlockScheduler implements AutoCloseable {
    private final Parallel callers;
    private final Parallel helpers;

    /** A scheduler for {@code threads} threads in all, given the loaded BLAS. */
    public BlockScheduler(int threads) {
        int blasThreads = Blas.isNative() ? nativeBlasThreads() : 1;
        int callerCount = Math.max(1, threads / Math.max(1, blasThreads));
        this.callers = new Parallel(callerCount);
        this.helpers = new Parallel(Math.max(1, threads / callerCount));
    }

    static int nativeBlasThreads() {
        for (String var : new String[] {"OPENBLAS_NUM_THREADS", "GOTO_NUM_THREADS", "OMP_NUM_THREADS"}) {
            String v = System.getenv(var);
            if (v != null) {
                try {
                    int t = Integer.parseInt(v.trim());
                    if (t > 0) {
                        return t;
                    }
                } catch (NumberFormatException ignored) {
                    // OpenBLAS ignores unparsable values too and falls through to its default.
                }
            }
        }
        return Runtime.getRuntime().availableProcessors();
    }

    /** Concurrent block callers; per-caller scratch can be indexed by the worker number. */
    public int callers() {
        return callers.threads();
    }

    /** Runs {@code body(caller, block)} for every block on the caller threads. */
    public void blocks(int blocks, Parallel.Body body) {
        callers.forEach(blocks, body);
    }

    /** Within a block: runs {@code body} over row ranges on the helper threads. */
    public void rows(int rows, Parallel.RangeBody body) {
        helpers.forRanges(rows, body);
    }

    @Override
    public void close() {
        callers.close();
        helpers.close();
    }
}
