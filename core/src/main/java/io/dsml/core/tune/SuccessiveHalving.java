package io.dsml.core.tune;

import io.dsml.core.error.DsmlException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Early stopping of unpromising trials by asynchronous successive halving (Li et al., <i>A System
 * for Massively Parallel Hyperparameter Tuning</i>, MLSys 2020; the rule of Optuna's
 * {@code SuccessiveHalvingPruner}), so a search spends its epochs on the configurations that are
 * doing well.
 *
 * <p>The <em>rungs</em> are the epochs {@code minEpochs * eta^i} below {@code maxEpochs}. When a
 * trial has been validated at a rung, its value there (the best validation score up to that epoch,
 * as model selection would keep) is ranked among the values at that rung of every trial that has
 * reached it, itself included: it goes on if it is among the best {@code floor(n / eta)}, or, while
 * fewer than {@code eta} trials have reached the rung, if it is the best of them. Other epochs never
 * stop a trial. The decision depends on which trials had reached the rung when it was taken, so a
 * runner records it (a pruned trial stays {@link Trial.Status#PRUNED} when the search resumes).
 *
 * @param minEpochs the first rung, at least 1
 * @param reductionFactor eta: the fraction 1/eta of trials that go on at each rung, at least 2
 * @param maxEpochs the epochs of a trial that is never stopped, above {@code minEpochs}
 */
public record SuccessiveHalving(int minEpochs, int reductionFactor, int maxEpochs) {
    public SuccessiveHalving {
        if (minEpochs < 1) {
            throw new DsmlException("successive halving: min_epochs must be at least 1, got " + minEpochs);
        }
        if (reductionFactor < 2) {
            throw new DsmlException("successive halving: reduction_factor must be at least 2, got " + reductionFactor);
        }
        if (maxEpochs <= minEpochs) {
            throw new DsmlException("successive halving: the epochs (" + maxEpochs + ") must be more than min_epochs ("
                    + minEpochs + ")");
        }
    }

    /** The rung epochs, ascending. */
    public List<Integer> rungs() {
        List<Integer> rungs = new ArrayList<>();
        for (long r = minEpochs; r < maxEpochs; r *= reductionFactor) {
            rungs.add((int) r);
        }
        return rungs;
    }

    /**
     * Whether a trial validated at {@code epoch} goes on training.
     *
     * @param curve the trial's validation score by epoch (1-based), up to {@code epoch} at least
     * @param others the validation curves of the other trials of the search, finished or not
     * @throws IllegalArgumentException if {@code curve} has no score at or before {@code epoch}
     */
    public boolean continues(int epoch, Map<Integer, Double> curve, List<Map<Integer, Double>> others) {
        if (!rungs().contains(epoch)) {
            return true;
        }
        double value = bestUpTo(curve, epoch);
        if (Double.isNaN(value)) {
            throw new IllegalArgumentException("the trial has no validation score at or before epoch " + epoch);
        }
        List<Double> competing = new ArrayList<>(List.of(value));
        for (Map<Integer, Double> other : others) {
            if (reached(other, epoch)) {
                competing.add(bestUpTo(other, epoch));
            }
        }
        competing.sort(Comparator.reverseOrder());
        int promoted = Math.max(1, competing.size() / reductionFactor);
        return value >= competing.get(promoted - 1);
    }

    private static boolean reached(Map<Integer, Double> curve, int epoch) {
        return curve.keySet().stream().anyMatch(e -> e >= epoch) && !Double.isNaN(bestUpTo(curve, epoch));
    }

    /** The highest finite score at epochs up to {@code epoch}, NaN if none. */
    private static double bestUpTo(Map<Integer, Double> curve, int epoch) {
        return curve.entrySet().stream()
                .filter(e -> e.getKey() <= epoch && e.getValue() != null && Double.isFinite(e.getValue()))
                .mapToDouble(Map.Entry::getValue)
                .max()
                .orElse(Double.NaN);
    }
}
