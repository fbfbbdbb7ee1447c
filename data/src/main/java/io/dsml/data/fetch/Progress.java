package io.dsml.data.fetch;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line text progress bar ({@code [#####.....]  48%  12.3 / 25.6 MiB}), redrawn in place with
 * a carriage return at most every percent, so a 160 MB download writes a few hundred bytes.
 */
public final class Progress {
    private static final int WIDTH = 30;
    private final PrintStream out;
    private final String label;
    private int lastPercent = -1;
    private long lastBytes = -1;

    public Progress(PrintStream out, String label) {
        this.out = out;
        this.label = label;
    }

    /** Reports {@code done} of {@code total} bytes ({@code total <= 0} when unknown). */
    public void update(long done, long total) {
        if (total > 0) {
            int percent = (int) (100 * done / total);
            if (percent == lastPercent) {
                return;
            }
            lastPercent = percent;
        } else if (done - lastBytes < (1 << 20) && lastBytes >= 0) {
            return;
        }
        lastBytes = done;
        out.print("\r" + label + " " + bar(done, total));
        out.flush();
    }

    /** Ends the line. */
    public void finish() {
        out.println();
    }

    /** The bar for {@code done} of {@code total} bytes. */
    static String bar(long done, long total) {
        if (total <= 0) {
            return String.format(Locale.ROOT, "%.1f MiB", done / 1048576.0);
        }
        int filled = (int) (WIDTH * Math.min(done, total) / total);
        return "[" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] "
                + String.format(
                        Locale.ROOT, "%3d%%  %.1f / %.1f MiB", 100 * done / total, done / 1048576.0, total / 1048576.0);
    }
}
