package io.dsml.app.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dsml.core.run.CellFiles;
import io.dsml.core.run.CellResult;
import io.dsml.core.run.RunStore;
import io.dsml.evaluation.Npy;
import io.dsml.evaluation.NpyArray;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Draws a run's PNG plots into {@code plots/} with XChart: per epoch, the training loss and each
 * test metric (one line per backbone x loss, averaged over seeds); Recall@K per loss; and a 2-D
 * PCA projection of each row's test embeddings (first seed) coloured by class.
 */
public final class RunPlots {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int WIDTH = 900;
    private static final int HEIGHT = 560;

    /**
     * Line and bar colours: XChart's default theme has 12, so the 13 losses of the catalog drew the
     * first and the last in the same blue. These 20 are Sasha Trubetskoy's "List of 20 Simple,
     * Distinct Colors" without white, beige and apricot (invisible on a white plot) plus a dark grey,
     * ordered so that the pale ones come last.
     */
    static final Color[] SERIES_COLORS = {
        new Color(0xe6194b), new Color(0x3cb44b), new Color(0x4363d8), new Color(0xf58231),
        new Color(0x911eb4), new Color(0x42d4f4), new Color(0xf032e6), new Color(0xbfef45),
        new Color(0x469990), new Color(0x9a6324), new Color(0x800000), new Color(0x808000),
        new Color(0x000075), new Color(0xffe119), new Color(0x000000), new Color(0xa9a9a9),
        new Color(0xdcbeff), new Color(0xaaffc3), new Color(0xfabed4), new Color(0x505050)
    };

    private RunPlots() {}

    /** Writes every plot; returns the files written. */
    public static List<Path> write(Path runDir, List<CellResult> cells) {
        Path plots = runDir.resolve("plots");
        List<Path> written = new ArrayList<>();
        try {
            Files.createDirectories(plots);
            Map<String, List<CellResult>> rows = rows(cells);
            Map<String, Map<String, TreeMap<Integer, List<Double>>>> curves = curves(runDir, rows);
            for (String series : seriesKeys(curves)) {
                written.add(save(curveChart(series, curves, rows), plots.resolve(fileName(series) + ".png")));
            }
            CategoryChart recall = recallChart(rows);
            if (recall != null) {
                written.add(save(recall, plots.resolve("recall-at-k.png")));
            }
            for (Map.Entry<String, List<CellResult>> row : rows.entrySet()) {
                Path cellDir =
                        RunStore.at(runDir).cell(row.getValue().get(0).cellId()).dir();
                if (Files.exists(CellFiles.in(cellDir).testEmbeddings())) {
                    written.add(save(
                            projectionChart(row.getKey(), cellDir),
                            plots.resolve("embeddings-" + fileName(row.getKey()) + ".png")));
                }
            }
            for (CellResult cell : cells) {
                ReliabilityDiagram.write(RunStore.at(runDir).cell(cell.cellId()).dir(), plots)
                        .ifPresent(written::add);
            }
        } catch (IOException e) {
            throw new io.dsml.core.error.DsmlException(
                    plots + ": cannot write the plots: " + io.dsml.core.files.IoFailure.reason(e), e);
        }
        return written;
    }

    private static Map<String, List<CellResult>> rows(List<CellResult> cells) {
        Map<String, List<CellResult>> rows = new LinkedHashMap<>();
        for (CellResult cell : cells) {
            if (cell.ok()) {
                rows.computeIfAbsent(cell.backbone() + " / " + cell.loss(), k -> new ArrayList<>())
                        .add(cell);
            }
        }
        return rows;
    }

    /** series key (loss or a metric) -> row -> epoch -> values over seeds. */
    private static Map<String, Map<String, TreeMap<Integer, List<Double>>>> curves(
            Path runDir, Map<String, List<CellResult>> rows) throws IOException {
        Map<String, Map<String, TreeMap<Integer, List<Double>>>> curves = new LinkedHashMap<>();
        for (Map.Entry<String, List<CellResult>> row : rows.entrySet()) {
            for (CellResult cell : row.getValue()) {
                Path log = RunStore.at(runDir).cell(cell.cellId()).metrics();
                if (!Files.exists(log)) {
                    continue;
                }
                List<String> lines = Files.readAllLines(log);
                for (int n = 0; n < lines.size(); n++) {
                    JsonNode epoch = epochRecord(log, n + 1, lines.get(n));
                    int e = epoch.get("epoch").asInt();
                    epoch.fields().forEachRemaining(field -> {
                        String key = field.getKey();
                        if (key.equals("loss") || isMetric(key)) {
                            curves.computeIfAbsent(key, k -> new LinkedHashMap<>())
                                    .computeIfAbsent(row.getKey(), k -> new TreeMap<>())
                                    .computeIfAbsent(e, k -> new ArrayList<>())
                                    .add(field.getValue().asDouble());
                        }
                    });
                }
            }
        }
        return curves;
    }

    /** One line of a metrics log; a damaged line is an error naming the file and line. */
    private static JsonNode epochRecord(Path log, int lineNumber, String line) {
        try {
            JsonNode record = JSON.readTree(line);
            if (record != null && record.isObject() && record.path("epoch").isInt()) {
                return record;
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            // reported below
        }
        throw new io.dsml.core.error.DsmlException(log + " line " + lineNumber
                + ": not an epoch record (the log was damaged); delete or repair that line, then run 'dsml report'");
    }

    private static boolean isMetric(String key) {
        return key.equals("accuracy")
                || key.startsWith("recall@")
                || key.equals("precision_at_1")
                || key.equals("r_precision")
                || key.equals("map_at_r")
                || key.equals("ece")
                || key.equals("nll")
                || key.equals("nmi")
                || key.equals("ami");
    }

    private static Set<String> seriesKeys(Map<String, Map<String, TreeMap<Integer, List<Double>>>> curves) {
        return new LinkedHashSet<>(curves.keySet());
    }

    /**
     * One line per row (mean over seeds); with model selection, the epochs the rows' cells
     * selected are marked on their lines (black diamonds, one legend entry).
     */
    static XYChart curveChart(
            String key,
            Map<String, Map<String, TreeMap<Integer, List<Double>>>> curves,
            Map<String, List<CellResult>> rows) {
        String title = key.equals("loss") ? "training loss per epoch" : "test " + key + " per epoch";
        XYChart chart = new XYChartBuilder()
                .width(WIDTH)
                .height(HEIGHT)
                .title(title)
                .xAxisTitle("epoch")
                .yAxisTitle(key)
                .build();
        chart.getStyler().setSeriesColors(SERIES_COLORS);
        chart.getStyler().setYAxisDecimalPattern(TICKS);
        chart.getStyler().setXAxisDecimalPattern("0");
        List<Double> selectedX = new ArrayList<>();
        List<Double> selectedY = new ArrayList<>();
        Set<String> legend = new java.util.HashSet<>();
        for (Map.Entry<String, TreeMap<Integer, List<Double>>> row :
                curves.get(key).entrySet()) {
            List<Integer> epochs = new ArrayList<>(row.getValue().keySet());
            List<Double> means = row.getValue().values().stream()
                    .map(v -> v.stream()
                            .mapToDouble(Double::doubleValue)
                            .average()
                            .orElse(Double.NaN))
                    .toList();
            chart.addSeries(legendLabel(row.getKey(), legend), epochs, means).setMarker(SeriesMarkers.CIRCLE);
            for (int epoch : selectedEpochs(rows.getOrDefault(row.getKey(), List.of()))) {
                int at = epochs.indexOf(epoch);
                if (at >= 0) {
                    selectedX.add((double) epoch);
                    selectedY.add(means.get(at));
                }
            }
        }
        if (!selectedX.isEmpty()) {
            XYSeries marks = chart.addSeries(SELECTED, selectedX, selectedY);
            marks.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            marks.setMarker(SeriesMarkers.DIAMOND);
            marks.setMarkerColor(Color.BLACK);
        }
        return chart;
    }

    /** The legend entry of the selected epochs' marks. */
    static final String SELECTED = "selected epoch (on validation)";

    /**
     * Axis ticks with at most 4 decimals: XChart otherwise prints a flat curve's value in full
     * (0.966666666666667).
     */
    static final String TICKS = "#,##0.####";

    private static List<Integer> selectedEpochs(List<CellResult> cells) {
        return cells.stream()
                .map(c -> c.metrics() == null ? null : c.metrics().get("selected_epoch"))
                .filter(java.util.Objects::nonNull)
                .map(Double::intValue)
                .distinct()
                .toList();
    }

    /** Longest legend entry; longer labels are cut with an ellipsis. */
    static final int LEGEND_CHARS = 48;

    /**
     * A row's label for a legend: file-path values (a backbone's {@code weights=/long/path/x.pth})
     * shortened to their file name, the whole cut to {@link #LEGEND_CHARS}; made unique among
     * {@code used} (XChart refuses two series of one name).
     */
    static String legendLabel(String row, Set<String> used) {
        String label = row.replaceAll("=[^,()\\s]*/([^,()/\\s]+)", "=$1");
        if (label.length() > LEGEND_CHARS) {
            label = label.substring(0, LEGEND_CHARS - 1) + "\u2026";
        }
        String unique = label;
        for (int n = 2; !used.add(unique); n++) {
            unique = label + " (" + n + ")";
        }
        return unique;
    }

    static CategoryChart recallChart(Map<String, List<CellResult>> rows) {
        Set<Integer> ks = new java.util.TreeSet<>();
        rows.values()
                .forEach(cells -> cells.get(0).metrics().keySet().stream()
                        .filter(k -> k.startsWith("recall@"))
                        .forEach(k -> ks.add(Integer.parseInt(k.substring("recall@".length())))));
        if (ks.isEmpty()) {
            return null;
        }
        CategoryChart chart = new CategoryChartBuilder()
                .width(WIDTH)
                .height(HEIGHT)
                .title("Recall@K on the test split")
                .xAxisTitle("K")
                .yAxisTitle("Recall@K")
                .build();
        chart.getStyler().setSeriesColors(SERIES_COLORS);
        chart.getStyler().setYAxisDecimalPattern(TICKS);
        List<String> labels = ks.stream().map(String::valueOf).toList();
        Set<String> legend = new java.util.HashSet<>();
        double lowest = 1;
        for (Map.Entry<String, List<CellResult>> row : rows.entrySet()) {
            List<Double> values = ks.stream()
                    .map(k -> row.getValue().stream()
                            .mapToDouble(c -> c.metrics().getOrDefault("recall@" + k, Double.NaN))
                            .average()
                            .orElse(Double.NaN))
                    .toList();
            chart.addSeries(legendLabel(row.getKey(), legend), labels, values);
            lowest = Math.min(
                    lowest,
                    values.stream().mapToDouble(Double::doubleValue).min().orElse(1));
        }
        // Start the axis just below the lowest bar: the differences between losses are what matter.
        chart.getStyler().setYAxisMin(Math.max(0, Math.floor(lowest * 10 - 1) / 10));
        return chart;
    }

    private static XYChart projectionChart(String row, Path cellDir) throws IOException {
        NpyArray embeddings = Npy.read(CellFiles.in(cellDir).testEmbeddings());
        int[] labels = Npy.read(CellFiles.in(cellDir).testLabels()).asInts();
        double[][] points = Pca.project2d(
                embeddings.asFloats(), embeddings.shape()[0], embeddings.shape()[1], 3000, 0);
        XYChart chart = new XYChartBuilder()
                .width(HEIGHT + 100)
                .height(HEIGHT)
                .title(row + ": test embeddings, PCA")
                .xAxisTitle("PC 1")
                .yAxisTitle("PC 2")
                .build();
        chart.getStyler()
                .setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter)
                .setMarkerSize(4)
                .setSeriesColors(SERIES_COLORS);
        Map<Integer, List<double[]>> byClass = new TreeMap<>();
        for (double[] p : points) {
            byClass.computeIfAbsent(labels[(int) p[2]], k -> new ArrayList<>()).add(p);
        }
        for (Map.Entry<Integer, List<double[]>> e : byClass.entrySet()) {
            double[] x = e.getValue().stream().mapToDouble(p -> p[0]).toArray();
            double[] y = e.getValue().stream().mapToDouble(p -> p[1]).toArray();
            chart.addSeries("class " + e.getKey(), x, y);
        }
        chart.getStyler().setLegendVisible(byClass.size() <= 20);
        return chart;
    }

    private static Path save(Chart<?, ?> chart, Path file) throws IOException {
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
        return file;
    }

    private static String fileName(String text) {
        return text.replaceAll("[^A-Za-z0-9@_.=-]+", "_").replace('@', '-');
    }
}
