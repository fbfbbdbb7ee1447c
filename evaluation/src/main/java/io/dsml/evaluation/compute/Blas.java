package io.dsml.evaluation.compute;

import dev.ludovic.netlib.blas.BLAS;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that talks to BLAS. netlib's {@link BLAS#getInstance()} loads the system
 * {@code libblas.so.3} (OpenBLAS when {@code libopenblas0-pthread} is installed) and otherwise
 * falls back to a pure-Java implementation; which one was picked is logged once at debug level.
 */
public final class Blas {
    private static final Logger LOG = LoggerFactory.getLogger(Blas.class);
    private static final BLAS INSTANCE = load();

    private Blas() {}

    private static BLAS load() {
        String foreign = foreignOpenBlas();
        if (foreign != null) {
            // Debian's libblas.so.3 needs the soname libopenblas.so.0; when an engine (MXNet) has already
            // mapped its own copy under that soname, the dynamic linker binds ours to it, and calling that
            // OpenMP build from several Java threads hangs. Stay correct: use the Java implementation.
            LOG.warn(
                    "an OpenBLAS was loaded before dsml's BLAS ({}); evaluation falls back to Java BLAS. "
                            + "Call Blas.preload() before the deep-learning engine loads to get the fast path.",
                    foreign);
            return dev.ludovic.netlib.blas.JavaBLAS.getInstance();
        }
        BLAS blas = BLAS.getInstance();
        LOG.debug("BLAS implementation: {} (native: {})", blas.getClass().getName(), isNative(blas));
        return blas;
    }

    /**
     * Loads the system BLAS now. Call this before a deep-learning engine loads its own OpenBLAS:
     * then the engine binds to the system library too, and both share one fast OpenBLAS.
     */
    public static void preload() {
        LOG.trace("BLAS ready: {}", INSTANCE.getClass().getSimpleName());
    }

    /** The path of an OpenBLAS mapped into this process from outside the system library dirs. */
    static String foreignOpenBlas() {
        java.nio.file.Path maps = java.nio.file.Path.of("/proc/self/maps");
        if (!java.nio.file.Files.isReadable(maps)) {
            return null;
        }
        try (java.util.stream.Stream<String> lines = java.nio.file.Files.lines(maps)) {
            return lines.map(line -> line.substring(line.lastIndexOf(' ') + 1))
                    .filter(path -> path.contains("libopenblas") && !path.startsWith("/usr/lib"))
                    .findFirst()
                    .orElse(null);
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            return null;
        }
    }

    private static boolean isNative(BLAS blas) {
        return blas instanceof dev.ludovic.netlib.blas.NativeBLAS;
    }

    /** Whether the loaded implementation is native (multi-threaded OpenBLAS) rather than Java. */
    public static boolean isNative() {
        return isNative(INSTANCE);
    }

    /** The implementation's class name, for reports. */
    public static String implementation() {
        return INSTANCE.getClass().getSimpleName();
    }

    /**
     * Writes {@code out[q * rows + r] = a[aRow0 + q] . b[bRow0 + r]} for {@code q < aRows},
     * {@code r < bRows}: a row-major {@code [aRows, bRows]} block of dot products between rows of two
     * row-major {@code [*, dim]} matrices.
     *
     * <p>BLAS is column-major, so the row-major block {@code A B^T} is computed as the column-major
     * {@code (B A^T)}: op(B) is B's row-major storage read transposed, A's storage read as is.
     */
    public static void dotBlock(
            float[] a, int aRow0, int aRows, float[] b, int bRow0, int bRows, int dim, float[] out) {
        INSTANCE.sgemm("T", "N", bRows, aRows, dim, 1f, b, bRow0 * dim, dim, a, aRow0 * dim, dim, 0f, out, 0, bRows);
    }
}
