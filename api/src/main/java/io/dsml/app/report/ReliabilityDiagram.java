package io.dsml.app.report;

import io.dsml.core.run.CellFiles;
import io.dsml.evaluation.Calibration;
import io.dsml.evaluation.Classification;
import io.dsml.evaluation.Npy;
import io.dsml.evaluation.NpyArray;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A cell's reliability diagram: accuracy against mean confidence in the 15 equal-mass bins of
 * the ECE ({@link Calibration}), with the diagonal of perfect calibration, from the cell's saved
 * {@code test_logits.npy}.
 */
final class ReliabilityDiagram {
    private static final int SIZE = 600;

    private ReliabilityDiagram() {}

    /** Writes {@code plots/reliability-<cell>.png} if the cell saved logits; returns the file. */
    static Optional<Path> write(Path cellDir, Path plots) throws IOException {
        Path logitsFile = CellFiles.in(cellDir).testLogits();
        Path labelsFile = CellFiles.in(cellDir).testLabels();
        if (!Files.exists(logitsFile) || !Files.exists(labelsFile)) {
            return Optional.empty();
        }
        NpyArray logits = Npy.read(logitsFile);
        int[] labels = Npy.read(labelsFile).asInts();
        int n = logits.shape()[0];
        int classes = logits.shape()[1];
        float[] values = logits.asFloats();
        Calibration.Bin[] bins = Calibration.reliability(values, n, classes, labels, Calibration.BINS);
        String cell = cellDir.getFileName().toString();
        XYChart chart = new XYChartBuilder()
                .width(SIZE)
                .height(SIZE)
                .title(String.format(
                        Locale.ROOT,
                        "%s: ECE %.4f, NLL %.4f, accuracy %.4f",
                        cell,
                        Calibration.ece(values, n, classes, labels),
                        Calibration.nll(values, n, classes, labels),
                        Classification.argmaxAccuracy(values, n, classes, labels)))
                .xAxisTitle("mean confidence (15 equal-mass bins)")
                .yAxisTitle("accuracy")
                .build();
        chart.getStyler().setXAxisMin(0.0).setXAxisMax(1.0).setYAxisMin(0.0).setYAxisMax(1.0);
        XYSeries diagonal = chart.addSeries("perfect calibration", new double[] {0, 1}, new double[] {0, 1});
        diagonal.setMarker(SeriesMarkers.NONE);
        chart.addSeries(
                "model",
                Arrays.stream(bins).mapToDouble(Calibration.Bin::confidence).toArray(),
                Arrays.stream(bins).mapToDouble(Calibration.Bin::accuracy).toArray());
        Path file = plots.resolve("reliability-" + cell + ".png");
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
        return Optional.of(file);
    }
}
