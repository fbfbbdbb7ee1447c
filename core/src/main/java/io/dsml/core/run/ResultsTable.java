package io.dsml.core.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Aggregates cell results over seeds: one row per (dataset, backbone, loss) with the mean and
 * sample standard deviation of every metric and of the training time. Metrics in [0, 1] are shown
 * in percent. Cells that diverged are counted but left out of the means.
 */
public final class ResultsTable {
    private final List<Row> rows;
    private final List<String> metricKeys;

    private ResultsTable(List<Row> rows, List<String> metricKeys) {
        this.rows = rows;
        this.metricKeys = metricKeys;
    }

    /** Groups {@code cells} in first-appearance order. */
    public static ResultsTable of(List<CellResult> cells) {
        Map<String, Row> rows = new LinkedHashMap<>();
        Set<String> keys = new LinkedHashSet<>();
        for (CellResult cell : cells) {
            String key = cell.dataset() + "\u0000" + cell.backbone() + "\u0000" + cell.loss();
            rows.computeIfAbsent(key, k -> new Row(cell.dataset(), cell.backbone(), cell.loss(), new ArrayList<>()))
                    .cells()
                    .add(cell);
            keys.addAll(cell.metrics().keySet());
        }
        return new ResultsTable(new ArrayList<>(rows.values()), new ArrayList<>(keys));
    }

    /** A Markdown table. */
    public String markdown() {
        StringBuilder md = new StringBuilder("| dataset | backbone | loss | seeds |");
        metricKeys.forEach(k -> md.append(' ').append(k).append(" |"));
        md.append(" train seconds |\n|---|---|---|---|");
        metricKeys.forEach(k -> md.append("---|"));
        md.append("---|\n");
        for (Row row : rows) {
            md.append("| ")
                    .append(row.dataset())
                    .append(" | ")
                    .append(row.backbone())
                    .append(" | ")
                    .append(row.loss())
                    .append(" | ")
                    .append(row.seedsText())
                    .append(" |");
            for (String key : metricKeys) {
                md.append(' ').append(format(row.stats(key), true)).append(" |");
            }
            md.append(' ').append(format(row.trainSeconds(), false)).append(" |\n");
        }
        return md.toString();
    }

    /** CSV with mean and std columns per metric. */
    public String csv() {
        StringBuilder csv = new StringBuilder("dataset,backbone,loss,seeds,ok");
        for (String key : metricKeys) {
            csv.append(',').append(key).append("_mean,").append(key).append("_std");
        }
        csv.append(",train_seconds_mean,train_seconds_std\n");
        for (Row row : rows) {
            csv.append(quote(row.dataset()))
                    .append(',')
                    .append(quote(row.backbone()))
                    .append(',')
                    .append(quote(row.loss()))
                    .append(',')
                    .append(row.cells().size())
                    .append(',')
                    .append(row.okCells().size());
            for (String key : metricKeys) {
                Stats s = row.stats(key);
                csv.append(',').append(num(s.mean())).append(',').append(num(s.std()));
            }
            Stats t = row.trainSeconds();
            csv.append(',')
                    .append(num(t.mean()))
                    .append(',')
                    .append(num(t.std()))
                    .append('\n');
        }
        return csv.toString();
    }

    /** JSON: one object per row, every metric with mean, std and the per-seed values. */
    public String json() {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ArrayNode array = mapper.createArrayNode();
        for (Row row : rows) {
            ObjectNode node = array.addObject();
            node.put("dataset", row.dataset());
            node.put("backbone", row.backbone());
            node.put("loss", row.loss());
            node.put("seeds", row.cells().size());
            node.put("ok", row.okCells().size());
            ObjectNode metrics = node.putObject("metrics");
            for (String key : metricKeys) {
                statsNode(metrics.putObject(key), row.stats(key));
            }
            statsNode(node.putObject("train_seconds"), row.trainSeconds());
            ArrayNode failures = node.putArray("failures");
            row.cells().stream()
                    .filter(c -> !c.ok())
                    .forEach(c -> failures.addObject()
                            .put("seed", c.seed())
                            .put("status", c.status())
                            .put("message", c.message()));
        }
        try {
            return mapper.writeValueAsString(array) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void statsNode(ObjectNode node, Stats s) {
        if (s.values().isEmpty()) {
            node.putNull("mean");
            node.putNull("std");
        } else {
            node.put("mean", s.mean());
            node.put("std", s.std());
        }
        ArrayNode values = node.putArray("values");
        s.values().forEach(values::add);
    }

    private static String format(Stats s, boolean percent) {
        if (s.values().isEmpty()) {
            return "-";
        }
        double scale = percent && s.values().stream().allMatch(v -> v >= 0 && v <= 1) ? 100 : 1;
        String pattern = scale == 100 ? "%.2f" : "%.1f";
        String mean = String.format(Locale.ROOT, pattern, s.mean() * scale);
        return s.values().size() < 2 ? mean : mean + " ± " + String.format(Locale.ROOT, pattern, s.std() * scale);
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "" : Double.toString(v);
    }

    private static String quote(String text) {
        return text.contains(",") || text.contains("\"") ? "\"" + text.replace("\"", "\"\"") + "\"" : text;
    }

    /** One row: the cells of one (dataset, backbone, loss) over seeds. */
    private record Row(String dataset, String backbone, String loss, List<CellResult> cells) {
        List<CellResult> okCells() {
            return cells.stream().filter(CellResult::ok).toList();
        }

        Stats stats(String key) {
            return Stats.of(okCells().stream()
                    .map(c -> c.metrics().get(key))
                    .filter(v -> v != null)
                    .toList());
        }

        Stats trainSeconds() {
            return Stats.of(okCells().stream().map(CellResult::trainSeconds).toList());
        }

        String seedsText() {
            int ok = okCells().size();
            if (ok == cells.size()) {
                return Integer.toString(ok);
            }
            String statuses = String.join(
                    ", ",
                    cells.stream()
                            .filter(c -> !c.ok())
                            .map(CellResult::status)
                            .distinct()
                            .toList());
            return ok + "/" + cells.size() + " (" + statuses + ")";
        }
    }

    /** Mean and sample standard deviation. */
    private record Stats(List<Double> values, double mean, double std) {
        static Stats of(List<Double> values) {
            int n = values.size();
            double mean =
                    values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
            double ss =
                    values.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum();
            double std = n < 2 ? 0 : Math.sqrt(ss / (n - 1));
            return new Stats(values, mean, std);
        }
    }
}
