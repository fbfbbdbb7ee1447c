package io.dsml.app.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The process's resident memory as Linux reports it in {@code /proc/self/status}: the current
 * resident set (VmRSS) and its peak (VmHWM). Native memory (MXNet's arrays and pools) counts, which
 * the JVM's own heap statistics would miss.
 */
public final class ProcessMemory {
    private static final Path STATUS = Path.of("/proc/self/status");
    private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");

    private ProcessMemory() {}

    /** Peak resident set in MiB since start or the last {@link #resetPeak}, or -1 where unknown. */
    public static double peakMiB() {
        return field("VmHWM:");
    }

    /** Current resident set in MiB, or -1 where unknown. */
    public static double currentMiB() {
        return field("VmRSS:");
    }

    /**
     * Resets the peak to the current resident set (writing 5 to clear_refs, Linux 4.0+), so two
     * phases of one process get their own peaks.
     *
     * @return whether the kernel accepted the reset
     */
    public static boolean resetPeak() {
        try {
            Files.writeString(CLEAR_REFS, "5");
            return true;
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }

    private static double field(String name) {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith(name)) {
                    String[] parts = line.substring(name.length()).trim().split("\\s+");
                    return Long.parseLong(parts[0]) / 1024.0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux, or an unexpected format: report unknown
        }
        return -1;
    }
}
