package io.dsml.core.run;

import io.dsml.core.train.EpochRecord;
import io.dsml.core.train.TrainingContext;
import io.dsml.core.train.TrainingListener;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;

/** Prints one line per epoch: cell, epoch, loss, timings and the headline metrics. */
public final class ConsoleProgressListener implements TrainingListener {
    private final PrintStream out;
    private final String cell;
    private final int epochs;

    public ConsoleProgressListener(PrintStream out, String cell, int epochs) {
        this.out = out;
        this.cell = cell;
        this.epochs = epochs;
    }

    @Override
    public void onEpochEnd(TrainingContext context, EpochRecord record) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%s epoch %d/%d loss %.4f train %.1fs",
                cell, record.epoch(), epochs, record.loss(), record.trainSeconds()));
        for (Map.Entry<String, Double> e : record.metrics().entrySet()) {
            if (!e.getKey().endsWith("_seconds") && !e.getKey().startsWith("class_")) {
                line.append(String.format(Locale.ROOT, " %s %.4f", e.getKey(), e.getValue()));
            }
        }
        out.println(line);
        out.flush();
    }
}
