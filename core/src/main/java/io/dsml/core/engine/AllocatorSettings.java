package io.dsml.core.engine;

import java.util.Map;
import java.util.TreeMap;

/**
 * The C allocator's settings as the process got them, and why. The engines take every array from
 * glibc's malloc, so how glibc reuses freed blocks decides whether each training step faults its
 * activations in afresh; {@code ./dsml} sets {@code MALLOC_ARENA_MAX=1 MALLOC_MMAP_MAX_=0
 * MALLOC_TRIM_THRESHOLD_=...} unless the user set any {@code MALLOC_*} variable or {@code
 * GLIBC_TUNABLES}, and says so in {@code DSML_ALLOCATOR_WHY}. Printed by {@code dsml doctor}.
 */
public final class AllocatorSettings {
    /** Set by {@code ./dsml} when it chose the allocator's settings. */
    public static final String WHY = "DSML_ALLOCATOR_WHY";

    private AllocatorSettings() {}

    /**
     * E.g. {@code MALLOC_ARENA_MAX=1 MALLOC_MMAP_MAX_=0 MALLOC_TRIM_THRESHOLD_=68719476736 (./dsml:
     * heap blocks reused)}, or glibc's defaults when nothing is set.
     */
    public static String describe() {
        return describe(System.getenv());
    }

    static String describe(Map<String, String> environment) {
        Map<String, String> settings = new TreeMap<>();
        environment.forEach((name, value) -> {
            if (name.startsWith("MALLOC_") || name.equals("GLIBC_TUNABLES")) {
                settings.put(name, value);
            }
        });
        if (settings.isEmpty()) {
            return "glibc's defaults (large blocks mapped afresh: not started by ./dsml?)";
        }
        StringBuilder line = new StringBuilder();
        settings.forEach(
                (name, value) -> line.append(name).append('=').append(value).append(' '));
        String why = environment.get(WHY);
        return line.append('(')
                .append(why == null ? "set before dsml started" : why)
                .append(')')
                .toString();
    }
}
