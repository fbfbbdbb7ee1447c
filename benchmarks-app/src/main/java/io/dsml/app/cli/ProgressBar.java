package io.dsml.app.cli;

import java.io.PrintStream;
import java.util.function.IntConsumer;

/**
 * A progress bar on standard error for embedding passes: redrawn in place on a terminal, one line
 * at the end otherwise (so logs stay readable).
 */
final class ProgressBar implements IntConsumer {
    private static final int WIDTH = 30;

    private final PrintStream err;
    private final String label;
    private final int total;
    private final boolean live;
    private final long start = System.nanoTime();

    ProgressBar(PrintStream err, String label, int total, boolean live) {
        this.err = err;
        this.label = label;
        this.total = total;
        this.live = live;
    }

    /** A bar on the standard error of the command {@code spec}. */
    static ProgressBar onStderr(picocli.CommandLine.Model.CommandSpec spec, String label, int total) {
        return new ProgressBar(Console.err(spec), label, total, System.console() != null);
    }

    @Override
    public void accept(int done) {
        if (live) {
            err.print("\r" + line(done));
            if (done >= total) {
                err.println();
            }
        } else if (done >= total) {
            err.println(line(done));
        }
        err.flush();
    }

    String line(int done) {
        int filled = total == 0 ? WIDTH : (int) ((long) WIDTH * done / total);
        double seconds = (System.nanoTime() - start) / 1e9;
        return String.format(
                "%s [%s%s] %d/%d images, %.1f s",
                label, "=".repeat(filled), " ".repeat(WIDTH - filled), done, total, seconds);
    }
}
