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
 * in percent. Cells that diverged are counted but left out of the means. With a baseline (a loss
 * label, see {@link BaselineComparison}), every metric also gets the difference of each row to the
 * baseline row of its dataset and backbone, with a 95% confidence interval and a p-value (paired t
 * over shared seeds, Welch's t otherwise; "n/a" with fewer than 2 seeds).
 */
public final class ResultsTable {
    private final List<Row> rows;
    private final List<String> metricKeys;
    private final BaselineComparison baseline;

    private ResultsTable(List<Row> rows, List<String> metricKeys, BaselineComparison baseline) {
        this.rows = rows;
        this.metricKeys = metricKeys;
        this.baseline = baseline;
    }

    /**
     * Groups {@code cells} in first-appearance order and compares every group with the baseline.
     *
     * @param baseline the baseline's loss label (or loss name), or {@code null} for none
     * @throws io.dsml.core.error.DsmlException when the baseline names no group, or several
     */
    public static ResultsTable of(List<CellResult> cells, String baseline) {
        ResultsTable plain = of(cells);
        if (baseline == null || baseline.isBlank()) {
            return plain;
        }
        List<String> labels = plain.rows.stream().map(Row::loss).toList();
        return new ResultsTable(plain.rows, plain.metricKeys, BaselineComparison.resolve(baseline.trim(), labels));
    }

    /** The baseline's loss label, if the table compares with one. */
    public java.util.Optional<String> baseline() {
        return java.util.Optional.ofNullable(baseline).map(BaselineComparison::label);
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
        return new ResultsTable(new ArrayList<>(rows.values()), new ArrayList<>(keys), null);
    }

    /** The baseline row of {@code row}'s dataset and backbone, or {@code null}. */
    private Row baselineOf(Row row) {
        return rows.stream()
                .filter(r -> r.loss().equals(baseline.label())
                        && r.dataset().equals(row.dataset())
                        && r.backbone().equals(row.backbone()))
                .findFirst()
                .orElse(null);
    }

    /**
     * The keys compared with the baseline: the metrics, not {@code selected_epoch} (which epoch
     * was chosen describes a cell; a difference of epochs is no result).
     */
    private List<String> comparedKeys() {
        return metricKeys.stream().filter(key -> !isEpoch(key)).toList();
    }

    private static boolean isEpoch(String key) {
        return key.equals(ModelSelection.SELECTED_EPOCH);
    }

    /** Per compared key, the difference of {@code row} to its baseline row (empty: not testable). */
    private List<java.util.Optional<io.dsml.evaluation.stats.MeanDifference>> deltas(Row row) {
        Row base = baselineOf(row);
        return comparedKeys().stream()
                .map(key -> base == null || base == row
                        ? java.util.Optional.<io.dsml.evaluation.stats.MeanDifference>empty()
                        : BaselineComparison.compare(row.byReplicate(key), base.byReplicate(key)))
                .toList();
    }

    private String testsText(Row row) {
        Row base = baselineOf(row);
        return BaselineComparison.testsText(deltas(row), base == row, base != null);
    }

    /** The scale of a delta: percent when both groups' values lie in [0, 1], like their columns. */
    private double deltaScale(Row row, String key) {
        Row base = baselineOf(row);
        List<Double> values = new ArrayList<>(row.stats(key).values());
        if (base != null) {
            values.addAll(base.stats(key).values());
        }
        return inPercent(key) && !values.isEmpty() && values.stream().allMatch(v -> v >= 0 && v <= 1) ? 100 : 1;
    }

    /** Fractions in [0, 1] are shown in percent, but a log-likelihood or an epoch is not a fraction. */
    private static boolean inPercent(String key) {
        return !key.equals(io.dsml.evaluation.Calibration.NLL) && !isEpoch(key);
    }

    /** A Markdown table. */
    public String markdown() {
        // with cross-validation a group's cells are its seeds x folds
        boolean folds = rows.stream().anyMatch(r -> r.cells().stream().anyMatch(c -> c.fold() != null));
        StringBuilder md =
                new StringBuilder("| dataset | backbone | loss | " + (folds ? "seeds x folds" : "seeds") + " |");
        metricKeys.forEach(k -> md.append(' ').append(k).append(" |"));
        md.append(" train seconds |");
        if (baseline != null) {
            md.append(" test vs ").append(markdownText(baseline.label())).append(" |");
            comparedKeys().forEach(k -> md.append(" Δ ").append(k).append(" [95% CI] |"));
        }
        md.append("\n|---|---|---|---|");
        metricKeys.forEach(k -> md.append("---|"));
        md.append("---|");
        if (baseline != null) {
            md.append("---|");
            comparedKeys().forEach(k -> md.append("---|"));
        }
        md.append('\n');
        for (Row row : rows) {
            md.append("| ")
                    .append(markdownText(row.dataset()))
                    .append(" | ")
                    .append(markdownText(row.backbone()))
                    .append(" | ")
                    .append(markdownText(row.loss()))
                    .append(" | ")
                    .append(row.seedsText())
                    .append(" |");
            for (String key : metricKeys) {
                md.append(' ').append(metricText(row, key)).append(" |");
            }
            md.append(' ').append(format(row.trainSeconds(), false)).append(" |");
            if (baseline != null) {
                md.append(' ').append(testsText(row)).append(" |");
                var deltas = deltas(row);
                List<String> compared = comparedKeys();
                for (int k = 0; k < compared.size(); k++) {
                    String cell = baselineOf(row) == row
                            ? "(baseline)"
                            : BaselineComparison.format(deltas.get(k), deltaScale(row, compared.get(k)));
                    md.append(' ').append(cell).append(" |");
                }
            }
            md.append('\n');
        }
        if (baseline != null) {
            md.append("\nΔ: mean difference to ")
                    .append(markdownText(baseline.label()))
                    .append(" on the same dataset and backbone (percentage points for metrics shown in percent), ")
                    .append("95% confidence interval, two-sided p-value; paired t-test where both ran the same ")
                    .append("seeds, Welch's t-test otherwise; * p < 0.05; n/a: fewer than 2 seeds.\n");
        }
        return md.toString();
    }

    /** CSV with mean and std columns per metric. */
    public String csv() {
        StringBuilder csv = new StringBuilder("dataset,backbone,loss,seeds,ok");
        for (String key : metricKeys) {
            csv.append(',').append(key).append("_mean,").append(key).append("_std");
        }
        csv.append(",train_seconds_mean,train_seconds_std");
        if (baseline != null) {
            csv.append(",baseline");
            for (String key : comparedKeys()) {
                for (String part : new String[] {"diff", "ci_low", "ci_high", "p", "test"}) {
                    csv.append(',').append(key).append('_').append(part);
                }
            }
        }
        csv.append('\n');
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
            csv.append(',').append(num(t.mean())).append(',').append(num(t.std()));
            if (baseline != null) {
                csv.append(',').append(quote(baseline.label()));
                for (var d : deltas(row)) {
                    csv.append(',')
                            .append(d.map(m -> num(m.difference())).orElse(""))
                            .append(',')
                            .append(d.map(m -> num(m.ciLow())).orElse(""))
                            .append(',')
                            .append(d.map(m -> num(m.ciHigh())).orElse(""))
                            .append(',')
                            .append(d.map(m -> num(m.pValue())).orElse(""))
                            .append(',')
                            .append(d.map(m -> m.test().key()).orElse(BaselineComparison.NOT_AVAILABLE));
                }
            }
            csv.append('\n');
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
            var deltas = baseline == null ? null : deltas(row);
            List<String> compared = comparedKeys();
            for (String key : metricKeys) {
                ObjectNode metric = metrics.putObject(key);
                statsNode(metric, row.stats(key));
                if (deltas != null && compared.contains(key)) {
                    deltaNode(metric.putObject("vs_baseline"), row, deltas.get(compared.indexOf(key)));
                }
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

    private void deltaNode(ObjectNode node, Row row, java.util.Optional<io.dsml.evaluation.stats.MeanDifference> d) {
        node.put("baseline", baseline.label());
        if (baselineOf(row) == row) {
            node.put("test", "baseline");
            return;
        }
        if (d.isEmpty()) {
            node.put("test", BaselineComparison.NOT_AVAILABLE);
            node.put("reason", baselineOf(row) == null ? "no baseline on this backbone" : "fewer than 2 seeds");
            return;
        }
        var m = d.get();
        node.put("test", m.test().key());
        node.put("n", m.nA());
        node.put("n_baseline", m.nB());
        node.put("diff", m.difference());
        node.put("ci_low", m.ciLow());
        node.put("ci_high", m.ciHigh());
        node.put("confidence", io.dsml.evaluation.stats.MeanDifference.CONFIDENCE);
        if (Double.isNaN(m.pValue())) {
            node.putNull("p");
            node.putNull("t");
            node.putNull("df");
        } else {
            node.put("p", m.pValue());
            node.put("t", m.t());
            node.put("df", m.df());
        }
    }

    private static void statsNode(ObjectNode node, Stats s) {
        if (s.values().isEmpty()) {
            node.putNull("mean");
            node.putNull("std");
        } else {
            node.put("mean", s.mean());
            if (Double.isNaN(s.std())) {
                node.putNull("std"); // one value has no spread
            } else {
                node.put("std", s.std());
            }
        }
        ArrayNode values = node.putArray("values");
        s.values().forEach(values::add);
    }

    /**
     * A metric's cell: {@code n/a} when the row's cells finished without it (it does not apply, e.g.
     * accuracy for a loss without a classifier; the run warned about it), {@code -} when no cell
     * finished.
     */
    private static String metricText(Row row, String key) {
        Stats stats = row.stats(key);
        if (stats.values().isEmpty() && !row.okCells().isEmpty()) {
            return "n/a";
        }
        if (isEpoch(key) && stats.values().size() == 1) {
            return String.format(Locale.ROOT, "%d", Math.round(stats.mean()));
        }
        return inPercent(key) ? format(stats, true) : format(stats, false, "%.3f");
    }

    private static String format(Stats s, boolean percent) {
        return format(s, percent, "%.1f");
    }

    private static String format(Stats s, boolean percent, String plainPattern) {
        if (s.values().isEmpty()) {
            return "-";
        }
        double scale = percent && s.values().stream().allMatch(v -> v >= 0 && v <= 1) ? 100 : 1;
        String pattern = scale == 100 ? "%.2f" : plainPattern;
        String mean = String.format(Locale.ROOT, pattern, s.mean() * scale);
        return s.values().size() < 2 ? mean : mean + " ± " + String.format(Locale.ROOT, pattern, s.std() * scale);
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "" : Double.toString(v);
    }

    /** A CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break. */
    private static String quote(String text) {
        boolean needsQuotes = text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r");
        return needsQuotes ? "\"" + text.replace("\"", "\"\"") + "\"" : text;
    }

    /**
     * Text in a Markdown table cell: {@code |} would end the cell and a line break the row, so
     * {@code |} is escaped and line breaks become spaces (labels cannot hold them; older
     * results can).
     */
    static String markdownText(String text) {
        return text.replace("\\", "\\\\").replace("|", "\\|").replaceAll("[\\r\\n]+", " ");
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

        /** The metric's value per replicate (seed, or seed and fold) over the finished cells that have it. */
        Map<String, Double> byReplicate(String key) {
            Map<String, Double> values = new LinkedHashMap<>();
            okCells().stream()
                    .filter(c -> c.metrics().get(key) != null)
                    .forEach(c -> values.put(c.replicate(), c.metrics().get(key)));
            return values;
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

    /** Mean and sample standard deviation (NaN, shown as n/a or empty, for fewer than 2 values). */
    private record Stats(List<Double> values, double mean, double std) {
        static Stats of(List<Double> values) {
            int n = values.size();
            double mean =
                    values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
            double ss =
                    values.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum();
            double std = n < 2 ? Double.NaN : Math.sqrt(ss / (n - 1)); // one value: no spread
            return new Stats(values, mean, std);
        }
    }
}
