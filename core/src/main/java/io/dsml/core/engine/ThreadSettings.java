package io.dsml.core.engine;

/**
 * The engine's thread settings as the process got them, and why: {@code ./dsml} sets {@code
 * OMP_NUM_THREADS} to the CPUs the process may use (its affinity, capped by a cgroup CPU quota)
 * less those other processes kept busy when it started, unless the user set it, and says which in
 * {@code DSML_THREADS_WHY}. Printed in each run's header
 * and by {@code dsml doctor}, so a slow run on a busy or capped machine shows what it ran with.
 */
public final class ThreadSettings {
    /** Set by {@code ./dsml}: how it chose {@code OMP_NUM_THREADS}. */
    public static final String WHY = "DSML_THREADS_WHY";

    private ThreadSettings() {}

    /**
     * E.g. {@code OMP_NUM_THREADS=2 (./dsml: usable CPUs: nproc 2, no cgroup CPU quota)}, or
     * {@code OMP_NUM_THREADS=1 (./dsml: usable CPUs: nproc 2, no cgroup CPU quota; 1 busy with
     * other processes, so 1)}.
     */
    public static String describe() {
        String omp = System.getenv("OMP_NUM_THREADS");
        String why = System.getenv(WHY);
        if (omp == null) {
            return "OMP_NUM_THREADS unset (the engine's default: every core it sees)";
        }
        return "OMP_NUM_THREADS=" + omp + " (" + (why == null ? "set before dsml started" : why) + ")";
    }
}
