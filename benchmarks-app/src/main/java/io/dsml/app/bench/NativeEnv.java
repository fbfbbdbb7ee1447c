package io.dsml.app.bench;

import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * Sets a variable in the process's C environment. MXNet and its OpenMP runtime read {@code
 * OMP_NUM_THREADS} once, when the engine's library is loaded; setting it through libc before that
 * lets {@code --threads} work without restarting the JVM. {@code System.getenv} does not see it.
 */
final class NativeEnv {
    /** Records the thread count set here, for the report. */
    static final String THREADS_PROPERTY = "dsml.bench.threads";

    private NativeEnv() {}

    /** The part of libc used here. */
    private interface CLibrary extends Library {
        int setenv(String name, String value, int overwrite);
    }

    /**
     * Sets OMP_NUM_THREADS.
     *
     * @throws io.dsml.core.error.DsmlException if an engine's native library is already loaded, so
     *     the setting would be silently ignored
     */
    static void setThreads(int threads) {
        if (engineLoaded()) {
            throw new io.dsml.core.error.DsmlException(
                    "--threads must take effect before the engine starts; set OMP_NUM_THREADS instead");
        }
        CLibrary libc = Native.load("c", CLibrary.class);
        if (libc.setenv("OMP_NUM_THREADS", Integer.toString(threads), 1) != 0) {
            throw new IllegalStateException("setenv(OMP_NUM_THREADS) failed");
        }
        System.setProperty(THREADS_PROPERTY, Integer.toString(threads));
    }

    /** Whether MXNet's or PyTorch's library is mapped into this process. */
    private static boolean engineLoaded() {
        try {
            String maps = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/maps"));
            return maps.contains("libmxnet") || maps.contains("libtorch");
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
