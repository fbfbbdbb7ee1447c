package io.dsml.app.cli;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.dsml.core.engine.DsmlEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What starting one engine in this JVM shows: whether it is on the class path, whether its native
 * library loads and computes, its version, the library file the process mapped, and its GPUs.
 *
 * @param engine the engine
 * @param usable whether it loaded and summed an array
 * @param version its native library's version, or null
 * @param nativeLibrary the native library file mapped into this process, or null
 * @param flavor {@code cpu}, or {@code cuda} when a CUDA library of the engine is mapped
 * @param gpus the GPUs it reports
 * @param problem why it is not usable, or null
 */
record EngineProbe(
        DsmlEngine engine,
        boolean usable,
        String version,
        String nativeLibrary,
        String flavor,
        int gpus,
        String problem) {

    /** Loads {@code engine} (once per JVM: DJL keeps it) and checks it computes 1 + 1. */
    static EngineProbe of(DsmlEngine engine) {
        if (!Engine.hasEngine(engine.djlName())) {
            return new EngineProbe(engine, false, null, null, null, 0, "not on the class path");
        }
        try {
            Engine loaded = Engine.getEngine(engine.djlName());
            try (NDManager manager = loaded.newBaseManager()) {
                float two = manager.ones(new Shape(2)).sum().getFloat();
                if (two != 2f) {
                    throw new IllegalStateException("1 + 1 gave " + two);
                }
            }
            List<String> mapped = mappedLibraries();
            String library = find(mapped, libraryName(engine));
            String flavor = isCuda(engine, mapped, library) ? "cuda" : "cpu";
            return new EngineProbe(engine, true, loaded.getVersion(), library, flavor, loaded.getGpuCount(), null);
        } catch (Throwable e) { // NOPMD: native start-up fails with Errors (UnsatisfiedLinkError) too
            return new EngineProbe(engine, false, null, null, null, 0, rootMessage(e));
        }
    }

    private static String libraryName(DsmlEngine engine) {
        return engine == DsmlEngine.MXNET ? "libmxnet.so" : "libtorch_cpu.so";
    }

    /**
     * PyTorch: whether libtorch_cuda is mapped. MXNet: whether its library is a CUDA build (DJL
     * caches it under VERSION-FLAVOR-PLATFORM, e.g. 1.9.1-...-cu112mkl-linux-x86_64).
     */
    private static boolean isCuda(DsmlEngine engine, List<String> mapped, String library) {
        if (engine == DsmlEngine.PYTORCH) {
            return find(mapped, "libtorch_cuda.so") != null;
        }
        return library != null && library.matches(".*-cu\\d+[^/]*/[^/]*$");
    }

    /** The files of the shared libraries this process has mapped (Linux), or none. */
    static List<String> mappedLibraries() {
        try {
            return Files.readAllLines(Path.of("/proc/self/maps")).stream()
                    .map(line -> line.substring(line.lastIndexOf(' ') + 1))
                    .filter(file -> file.startsWith("/") && file.contains(".so"))
                    .distinct()
                    .toList();
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    private static String find(List<String> files, String name) {
        return files.stream()
                .filter(f -> Path.of(f).getFileName().toString().startsWith(name))
                .findFirst()
                .orElse(null);
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? "" : root.getMessage().strip();
        int newline = message.indexOf('\n');
        return root.getClass().getSimpleName() + ": " + (newline < 0 ? message : message.substring(0, newline));
    }
}
