package io.dsml.evaluation;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The metrics an {@link Evaluator} can compute. {@link #key()} is the result key (for
 * {@link #RECALL}, the prefix of {@code "recall@K"}) and the name {@link #parse} accepts.
 */
public enum Metric {
    /** Recall@K for each configured K: keys {@code recall@1}, {@code recall@2}, ... */
    RECALL("recall"),
    /** Fraction of queries whose nearest neighbour shares their label. */
    PRECISION_AT_1("precision_at_1"),
    /** Fraction of the R nearest sharing the label, R = the query's class size in the gallery. */
    R_PRECISION("r_precision"),
    /** Mean average precision over the R nearest neighbours (Musgrave et al. 2020). */
    MAP_AT_R("map_at_r"),
    /** Normalised mutual information of k-means clusters and labels. */
    NMI("nmi"),
    /** Adjusted mutual information of k-means clusters and labels. */
    AMI("ami");

    private final String key;

    Metric(String key) {
        this.key = key;
    }

    /** The result key, e.g. {@code "map_at_r"}. */
    public String key() {
        return key;
    }

    /** Whether the metric needs the nearest-neighbour search (as opposed to clustering). */
    public boolean isRetrieval() {
        return this != NMI && this != AMI;
    }

    /**
     * Parses a key such as {@code "map_at_r"} (case-insensitive, surrounding blanks ignored).
     *
     * @throws IllegalArgumentException for an unknown name, listing the valid ones
     */
    public static Metric parse(String name) {
        String wanted = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        for (Metric m : values()) {
            if (m.key.equals(wanted)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown metric '%s'; valid metrics: %s"
                .formatted(name, Arrays.stream(values()).map(Metric::key).collect(Collectors.joining(", "))));
    }
}
