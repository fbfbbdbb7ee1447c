package io.dsml.core.engine;

import io.dsml.evaluation.Evaluator;

/**
 * The process's one native initialisation: the system BLAS is loaded before the deep-learning
 * engine maps its own OpenBLAS, so that both bind to the fast system library (see {@link
 * Evaluator#preloadBlas}); loaded the other way round, evaluation falls back to Java BLAS with a
 * warning.
 *
 * <p>Each entry point calls {@link #initialise} before anything touches the engine: the {@code
 * dsml} main, a Spark task, and {@code TrainedCell} for the Java API. The trainer calls it
 * too, at the start of a run, so that a program that trains through the library without any of
 * those entry points still gets the order right. Calls after the first do nothing.
 */
public final class NativeLibraries {
    private NativeLibraries() {}

    /** Loads what must load before the engine; idempotent and cheap after the first call. */
    public static void initialise() {
        Evaluator.preloadBlas();
    }
}
