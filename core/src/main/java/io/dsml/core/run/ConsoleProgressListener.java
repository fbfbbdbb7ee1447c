package io.dsml.core.run;

import io.dsml.core.train.EpochRecord;
import io.dsml.core.train.TrainingContext;
import io.dsml.core.train.TrainingListener;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;

/**
 * Progress on the console: on a terminal, a live bar per epoch with step rate and ETA, redrawn at
 * most five times a second; always, one line per finished epoch with loss, time and metrics (the
 * only output when stdout is a file or pipe, so CI logs stay short).
 */
public final class ConsoleProgressListener implements TrainingListener {
    private static final long REDRAW_NANOS = 200_000_000L;

    private final PrintStream out;
    private final String cell;
    private final int epochs;
    private final boolean live;
    private int batches;
    private int done;
    private long epochStart;
    private int startDone;
    private long lastDraw;

    /**
     * @param live whether to draw the in-place bar (stdout is a terminal)
     */
    public ConsoleProgressListener(PrintStream out, String cell, int epochs, boolean live) {
        this.out = out;
        this.cell = cell;
        this.epochs = epochs;
        this.live = live;
    }

    @Override
    public void onEpochBegin(TrainingContext context, int epoch, int batches, int done) {
        this.batches = batches;
        this.done = done;
        this.startDone = done;
        this.epochStart = System.nanoTime();
    }

    @Override
    public void onBatchEnd(TrainingContext context, int epoch, long step, float loss) {
        done++;
        long now = System.nanoTime();
        if (!live || (now - lastDraw < REDRAW_NANOS && done < batches)) {
            return;
        }
        lastDraw = now;
        double elapsed = (now - epochStart) / 1e9;
        double rate = (done - startDone) / Math.max(elapsed, 1e-9);
        double eta = (batches - done) / Math.max(rate, 1e-9);
        int width = 24;
        int filled = batches == 0 ? width : (int) ((long) width * done / batches);
        out.printf(
                Locale.ROOT,
                "\r%s epoch %d/%d [%s%s] %d/%d %.1f steps/s ETA %s loss %.4f   ",
                cell,
                epoch,
                epochs,
                "#".repeat(filled),
                ".".repeat(width - filled),
                done,
                batches,
                rate,
                clock(eta),
                loss);
        out.flush();
    }

    @Override
    public void onEpochEnd(TrainingContext context, EpochRecord record) {
        StringBuilder line = new StringBuilder(String.format(
                Locale.ROOT,
                "%s%s epoch %d/%d loss %.4f train %.1fs",
                live ? "\r" : "",
                cell,
                record.epoch(),
                epochs,
                record.loss(),
                record.trainSeconds()));
        for (Map.Entry<String, Double> e : record.metrics().entrySet()) {
            if (!e.getKey().endsWith("_seconds") && !e.getKey().startsWith("class_")) {
                line.append(String.format(Locale.ROOT, " %s %.4f", e.getKey(), e.getValue()));
            }
        }
        if (live) {
            line.append(" ".repeat(20));
        }
        out.println(line);
        out.flush();
    }

    private static String clock(double seconds) {
        long s = Math.round(seconds);
        return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
