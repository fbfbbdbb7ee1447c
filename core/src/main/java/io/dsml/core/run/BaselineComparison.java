package io.dsml.core.run;

import io.dsml.core.error.DsmlException;
import io.dsml.evaluation.stats.MeanDifference;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How a results table compares each cell group (one dataset, backbone and loss label over seeds)
 * with the baseline group of the same dataset and backbone: per metric, the difference of the
 * means with a 95% confidence interval and a two-sided p-value, from the paired t-test when both
 * groups finished the same seeds and Welch's t-test otherwise ({@link MeanDifference}).
 *
 * <p>The baseline is named by its loss label, as the tables show it ({@code softmax}, {@code
 * softmax(lr=0.01)}, or a {@code label:} given in the config). A name that is not a label but the
 * registered loss name of exactly one label (e.g. {@code vmf} for {@code vmf(kappa=16)}) is
 * accepted too; when several groups share that loss name (softmax on unnormalised and on
 * normalised embeddings), their labels must be used, and the error lists them.
 */
final class BaselineComparison {
    /** What a delta cell says where no test is possible. */
    static final String NOT_AVAILABLE = "n/a";

    private final String label;

    private BaselineComparison(String label) {
        this.label = label;
    }

    /** The loss label of the baseline. */
    String label() {
        return label;
    }

    /**
     * Resolves {@code name} against the loss labels present in a table.
     *
     * @throws DsmlException when no label or several labels match
     */
    static BaselineComparison resolve(String name, List<String> lossLabels) {
        Set<String> labels = new LinkedHashSet<>(lossLabels);
        if (labels.contains(name)) {
            return new BaselineComparison(name);
        }
        List<String> byLossName =
                labels.stream().filter(l -> l.startsWith(name + "(")).toList();
        if (byLossName.size() == 1) {
            return new BaselineComparison(byLossName.get(0));
        }
        if (byLossName.size() > 1) {
            throw new DsmlException("baseline '" + name + "' is ambiguous: several cell groups use that loss ("
                    + String.join(", ", byLossName) + "); name one of these labels");
        }
        throw new DsmlException(
                "baseline '" + name + "' names no cell group; the loss labels are: " + String.join(", ", labels));
    }

    /**
     * Compares one metric of a group with the baseline's.
     *
     * @param group the group's value per replicate (seed, or seed and fold; finished cells that
     *     have the metric)
     * @param baseline the baseline's value per replicate, or {@code null} when the baseline did not run
     *     on this group's backbone
     * @return empty when a side has fewer than 2 values, or there is no baseline
     */
    static Optional<MeanDifference> compare(Map<String, Double> group, Map<String, Double> baseline) {
        return baseline == null ? Optional.empty() : MeanDifference.byReplicate(group, baseline);
    }

    /**
     * A delta cell: {@code +0.52 [-0.10, +1.14] p=0.090}, scaled like the metric's column; a
     * trailing {@code *} marks p &lt; 0.05.
     */
    static String format(Optional<MeanDifference> d, double scale) {
        if (d.isEmpty()) {
            return NOT_AVAILABLE;
        }
        MeanDifference m = d.get();
        String pattern = scale == 100 ? "%+.2f" : "%+.3f";
        String text = String.format(Locale.ROOT, pattern, m.difference() * scale)
                + " ["
                + String.format(Locale.ROOT, pattern, m.ciLow() * scale)
                + ", "
                + String.format(Locale.ROOT, pattern, m.ciHigh() * scale)
                + "] ";
        if (Double.isNaN(m.pValue())) {
            return text + "p n/a (no variance)";
        }
        String p = m.pValue() < 0.001 ? "p<0.001" : String.format(Locale.ROOT, "p=%.3f", m.pValue());
        return text + p + (m.significantAt(0.05) ? " *" : "");
    }

    /** The test column: which tests the row's deltas used, e.g. {@code paired t}. */
    static String testsText(List<Optional<MeanDifference>> deltas, boolean isBaseline, boolean hasBaseline) {
        if (isBaseline) {
            return "baseline";
        }
        if (!hasBaseline) {
            return NOT_AVAILABLE + " (no baseline on this backbone)";
        }
        Set<String> tests = new LinkedHashSet<>();
        deltas.forEach(d -> d.ifPresent(m -> tests.add(m.test().label())));
        return tests.isEmpty() ? NOT_AVAILABLE + " (< 2 seeds)" : String.join(", ", new ArrayList<>(tests));
    }
}
