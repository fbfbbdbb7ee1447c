package io.dsml.app.tune;

import io.dsml.core.error.DsmlException;
import io.dsml.core.files.AtomicFile;
import io.dsml.core.tune.Parameter;
import io.dsml.core.tune.Scale;
import io.dsml.core.tune.SearchSpace;
import io.dsml.core.tune.Trial;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * One scatter plot per searched hyperparameter, {@code plots/score-vs-<key>.png} in a loss's tuning
 * directory: each complete trial's mean validation score against its value (a log axis for a log
 * range, the choice's position for a choice), the best trial marked.
 */
final class TunePlots {
    private TunePlots() {}

    static void write(Path lossDir, SearchSpace space, List<Trial> trials) {
        List<Trial> complete = trials.stream().filter(Trial::complete).toList();
        if (complete.isEmpty()) {
            return;
        }
        Trial best = Trial.best(complete).orElseThrow();
        Path plots = lossDir.resolve("plots");
        try {
            Files.createDirectories(plots);
            for (Parameter p : space.parameters()) {
                XYChart chart = chart(p, complete, best);
                Path file = plots.resolve("score-vs-" + p.name().replaceAll("[^A-Za-z0-9_.=-]+", "_") + ".png");
                byte[] png = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
                AtomicFile.write(file, "tuning plot", out -> out.write(png));
            }
        } catch (IOException e) {
            throw new DsmlException(plots + ": cannot write the tuning plots: " + e.getMessage());
        }
    }

    private static XYChart chart(Parameter p, List<Trial> complete, Trial best) {
        XYChart chart = new XYChartBuilder()
                .width(720)
                .height(480)
                .title("validation score against " + p.name())
                .xAxisTitle(axisTitle(p))
                .yAxisTitle("mean validation score over folds")
                .build();
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setXAxisLogarithmic(p instanceof Parameter.Numeric && isLog(p));
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (Trial t : complete) {
            x.add(coordinate(p, t.params().get(p.name())));
            y.add(t.score());
        }
        chart.addSeries("trials", x, y).setMarker(SeriesMarkers.CIRCLE);
        chart.addSeries(
                        "best (trial " + best.number() + ")",
                        List.of(coordinate(p, best.params().get(p.name()))),
                        List.of(best.score()))
                .setMarker(SeriesMarkers.DIAMOND);
        return chart;
    }

    private static boolean isLog(Parameter p) {
        return p instanceof Parameter.FloatRange f && f.scale() == Scale.LOG
                || p instanceof Parameter.IntRange i && i.scale() == Scale.LOG;
    }

    private static double coordinate(Parameter p, Object value) {
        return p instanceof Parameter.Choice c ? c.indexOf(value) : ((Number) value).doubleValue();
    }

    private static String axisTitle(Parameter p) {
        if (p instanceof Parameter.Choice c) {
            List<String> labels = new ArrayList<>();
            for (int i = 0; i < c.values().size(); i++) {
                labels.add(i + " = " + c.values().get(i));
            }
            return p.name() + " (" + String.join(", ", labels) + ")";
        }
        return p.name();
    }
}
