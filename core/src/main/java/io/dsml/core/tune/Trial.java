package io.dsml.core.tune;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One configuration of a search and what became of it.
 *
 * @param number the trial's number, from 0, the order in which it was proposed
 * @param params the value of every parameter of the space, in the space's order
 * @param foldScores the validation score (higher is better, e.g. MAP@R) of each class-disjoint fold,
 *     {@code NaN} for a fold not scored (yet); one entry when there are no folds
 * @param status what became of it
 */
public record Trial(int number, Map<String, Object> params, List<Double> foldScores, Status status) {
    /** What became of a trial. */
    public enum Status {
        /** Proposed and not finished: its folds may be partly scored. */
        RUNNING,
        /** Every fold trained and scored. */
        COMPLETE,
        /** Stopped early because its validation curve was not promising. */
        PRUNED,
        /** Diverged or failed; it tells a model nothing about its parameters. */
        FAILED
    }

    public Trial {
        if (number < 0) {
            throw new IllegalArgumentException("trial numbers start at 0, got " + number);
        }
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
        foldScores = Collections.unmodifiableList(new ArrayList<>(foldScores));
        Objects.requireNonNull(status, "status");
        if (status == Status.COMPLETE && !Double.isFinite(mean(foldScores))) {
            throw new IllegalArgumentException(
                    "trial " + number + " is complete but its fold scores are " + foldScores);
        }
    }

    /** Higher scores first, then lower numbers (so equal scores order the same on every machine). */
    public static final Comparator<Trial> BEST_FIRST =
            Comparator.comparingDouble(Trial::score).reversed().thenComparingInt(Trial::number);

    /** The complete trial with the highest score, the earliest among equals; empty if none is complete. */
    public static Optional<Trial> best(List<Trial> trials) {
        return trials.stream().filter(Trial::complete).min(BEST_FIRST);
    }

    /** The score of the configuration: the mean over folds, {@code NaN} unless every fold is scored. */
    public double score() {
        return mean(foldScores);
    }

    /** Whether it finished with a score a search can learn from. */
    public boolean complete() {
        return status == Status.COMPLETE;
    }

    private static double mean(List<Double> scores) {
        if (scores.isEmpty()) {
            return Double.NaN;
        }
        double sum = 0;
        for (Double s : scores) {
            if (s == null || !Double.isFinite(s)) {
                return Double.NaN;
            }
            sum += s;
        }
        return sum / scores.size();
    }
}
