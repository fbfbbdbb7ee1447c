package io.dsml.core.run;

import io.dsml.core.train.EpochRecord;
import io.dsml.core.train.TrainingContext;
import io.dsml.core.train.TrainingListener;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;

/**
 * Progress on the console: on a terminal, a live bar per epoch and per inference pass (class-state
 * refresh, evaluation) with rate and ETA, redrawn at most five times a second; in a log (stdout a
 * file or pipe), a progress line with rate and ETA every {@value #LOG_EVERY_SECONDS} seconds of a
 * long epoch or pass, so a long phase shows signs of life without flooding CI logs; always, one
 * line per finished epoch with loss, time and metrics.
 */
public final class ConsoleProgressListener implements TrainingListener {
    private static final long REDRAW_NANOS = 200_000_000L;

    /** Seconds between progress lines in a log. */
    static final int LOG_EVERY_SECONDS = 30;

    private static final long LOG_EVERY_NANOS = LOG_EVERY_SECONDS * 1_000_000_000L;

    private final PrintStream out;
    private final String cell;
    private final int epochs;
    private final boolean live;
    private int batches;
    private int done;
    private long epochStart;
    private int startDone;
    private long lastDraw;
    private int epoch;
    private long passStart;
    private final java.util.function.LongSupplier clock;

    /**
     * @param live whether to draw the in-place bar (stdout is a terminal)
     */
    public ConsoleProgressListener(PrintStream out, String cell, int epochs, boolean live) {
        this(out, cell, epochs, live, System::nanoTime);
    }

    /** As the public constructor, with the clock (nanoseconds) that rates and ETAs are measured on. */
    ConsoleProgressListener(
            PrintStream out, String cell, int epochs, boolean live, java.util.function.LongSupplier clock) {
        this.out = out;
        this.cell = cell;
        this.epochs = epochs;
        this.live = live;
        this.clock = clock;
    }

    @Override
    public void onEpochBegin(TrainingContext context, int epoch, int batches, int done) {
        this.batches = batches;
        this.done = done;
        this.startDone = done;
        this.epoch = epoch;
        this.epochStart = clock.getAsLong();
        this.lastDraw = epochStart;
    }

    @Override
    public void onPassProgress(TrainingContext context, int done, int batches, int samples) {
        long now = clock.getAsLong();
        if (done == 0) {
            passStart = now;
            lastDraw = now;
            return;
        }
        if (!due(now, done == batches)) {
            return;
        }
        lastDraw = now;
        double elapsed = (now - passStart) / 1e9;
        double rate = (double) samples * done / batches / Math.max(elapsed, 1e-9);
        double eta = (double) samples * (batches - done) / batches / Math.max(rate, 1e-9);
        String text = String.format(
                Locale.ROOT,
                "%s epoch %d/%d inference pass %s %d/%d batches (%d samples) %.1f samples/s ETA %s",
                cell,
                Math.max(epoch, 1),
                epochs,
                bar(done, batches),
                done,
                batches,
                samples,
                rate,
                clock(eta));
        show(text, done == batches);
    }

    /** Whether to show progress now: on a terminal at most five times a second, in a log every 30 s. */
    private boolean due(long now, boolean last) {
        if (live) {
            return now - lastDraw >= REDRAW_NANOS || last;
        }
        return now - lastDraw >= LOG_EVERY_NANOS && !last;
    }

    /** On a terminal, redraws the line in place; in a log, prints it as a line. */
    private void show(String text, boolean last) {
        if (live) {
            out.print("\r" + text + "   " + (last ? "\r" + " ".repeat(text.length() + 3) + "\r" : ""));
        } else {
            out.println(text);
        }
        out.flush();
    }

    private static String bar(int done, int total) {
        int width = 24;
        int filled = total == 0 ? width : (int) ((long) width * done / total);
        return "[" + "#".repeat(filled) + ".".repeat(width - filled) + "]";
    }

    @Override
    public void onBatchEnd(TrainingContext context, int epoch, long step, float loss) {
        done++;
        long now = clock.getAsLong();
        if (live ? now - lastDraw < REDRAW_NANOS && done < batches : !due(now, done == batches)) {
            return;
        }
        lastDraw = now;
        double elapsed = (now - epochStart) / 1e9;
        double rate = (done - startDone) / Math.max(elapsed, 1e-9);
        double eta = (batches - done) / Math.max(rate, 1e-9);
        String text = String.format(
                Locale.ROOT,
                "%s epoch %d/%d %s %d/%d %.1f steps/s ETA %s loss %.4f",
                cell,
                epoch,
                epochs,
                bar(done, batches),
                done,
                batches,
                rate,
                clock(eta),
                loss);
        if (live) {
            out.print("\r" + text + "   ");
            out.flush();
        } else {
            show(text, false);
        }
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
