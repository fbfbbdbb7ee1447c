package io.dsml.core.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The C allocator the process runs with, and why. The engines take every array from malloc, so
 * how the allocator reuses freed blocks decides whether each training step faults its activations
 * in afresh, and how far the peak memory rises above what is live. {@code ./dsml} preloads tcmalloc
 * when it is installed and otherwise sets glibc's {@code MALLOC_ARENA_MAX=1 MALLOC_MMAP_MAX_=0
 * MALLOC_TRIM_THRESHOLD_=...}, unless the user chose (LD_PRELOAD, {@code MALLOC_*}, {@code
 * GLIBC_TUNABLES}), and says which in {@code DSML_ALLOCATOR_WHY}. Printed by {@code dsml doctor}.
 * What is reported as loaded is read from the process's own mappings, so a preload that did not
 * take shows as such.
 */
public final class AllocatorSettings {
    /** Set by {@code ./dsml} when it chose the allocator. */
    public static final String WHY = "DSML_ALLOCATOR_WHY";

    /** Allocators that replace glibc's malloc when preloaded, by a fragment of their file name. */
    private static final List<String> REPLACEMENTS = List.of("libtcmalloc", "libjemalloc", "libmimalloc");

    private AllocatorSettings() {}

    /**
     * E.g. {@code tcmalloc /usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4 (./dsml: tcmalloc,
     * found at ...)}, {@code glibc MALLOC_ARENA_MAX=1 MALLOC_MMAP_MAX_=0 ... (./dsml: glibc, heap
     * blocks reused ...)}, or glibc's defaults when nothing is set.
     */
    public static String describe() {
        return describe(System.getenv(), loadedReplacement(readOwnMappings()));
    }

    static String describe(Map<String, String> environment, Optional<String> replacement) {
        String chooser = environment.getOrDefault(WHY, "set before dsml started");
        if (replacement.isPresent()) {
            String path = replacement.get();
            String name = Path.of(path).getFileName().toString();
            String allocator = name.substring(3, name.indexOf("malloc") + "malloc".length());
            return allocator + " " + path + " (" + chooser + ")";
        }
        String preload = environment.getOrDefault("LD_PRELOAD", "");
        String notLoaded = REPLACEMENTS.stream().anyMatch(preload::contains)
                ? "; LD_PRELOAD names " + preload + " but no such allocator is loaded"
                : "";
        String settings = new TreeMap<>(environment)
                .entrySet().stream()
                        .filter(e ->
                                e.getKey().startsWith("MALLOC_") || e.getKey().equals("GLIBC_TUNABLES"))
                        .map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining(" "));
        if (settings.isEmpty()) {
            return "glibc's defaults (large blocks mapped afresh: not started by ./dsml?" + notLoaded + ")";
        }
        return "glibc " + settings + " (" + chooser + notLoaded + ")";
    }

    /** The file of a malloc replacement mapped into the process, if any. */
    static Optional<String> loadedReplacement(List<String> mappings) {
        for (String mapping : mappings) {
            int slash = mapping.indexOf('/');
            if (slash < 0) {
                continue;
            }
            String path = mapping.substring(slash).trim();
            String name = Path.of(path).getFileName().toString();
            if (REPLACEMENTS.stream().anyMatch(name::startsWith)) {
                return Optional.of(path);
            }
        }
        return Optional.empty();
    }

    private static List<String> readOwnMappings() {
        try {
            return Files.readAllLines(Path.of("/proc/self/maps"));
        } catch (IOException | RuntimeException e) {
            return List.of(); // not Linux: nothing preloaded that we could tell
        }
    }
}
