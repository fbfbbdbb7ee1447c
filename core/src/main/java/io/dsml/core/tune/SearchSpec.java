package io.dsml.core.tune;

import io.dsml.core.error.DsmlException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One search, as an experiment will declare it: what to vary, how to choose, and how much to spend.
 *
 * @param method a name of {@link SearchMethods#names()}
 * @param space the parameters varied
 * @param trials the most trials to propose, at least 1
 * @param wallTime the time after which no further trial is started, or {@code null} for none
 * @param seed the seed of the method's proposals
 * @param halving early stopping of trials on their validation curves, or {@code null} for none
 * @param tpe the settings of {@link TreeParzenSearch}, or {@code null} for its defaults
 */
public record SearchSpec(
        String method,
        SearchSpace space,
        int trials,
        Duration wallTime,
        long seed,
        SuccessiveHalving halving,
        TreeParzenSearch.Settings tpe) {
    /** A search with TPE's default settings. */
    public SearchSpec(
            String method, SearchSpace space, int trials, Duration wallTime, long seed, SuccessiveHalving halving) {
        this(method, space, trials, wallTime, seed, halving, null);
    }

    public SearchSpec {
        tpe = tpe == null ? TreeParzenSearch.Settings.DEFAULT : tpe;
        Objects.requireNonNull(space, "space");
        SearchMethods.requireKnown(method);
        if (trials < 1) {
            throw new DsmlException("a search needs at least 1 trial, got " + trials);
        }
        if (wallTime != null && (wallTime.isZero() || wallTime.isNegative())) {
            throw new DsmlException("a search's wall time must be positive, got " + wallTime);
        }
    }

    /** The method, bound to the space and seed. */
    public SearchMethod createMethod() {
        return SearchMethods.create(method, space, seed, tpe);
    }

    /** The early stopping rule, if any. */
    public Optional<SuccessiveHalving> earlyStopping() {
        return Optional.ofNullable(halving);
    }

    /** Whether another trial may start after {@code started} trials and {@code elapsed} time. */
    public boolean mayStartAnother(int started, Duration elapsed) {
        return started < trials && (wallTime == null || elapsed.compareTo(wallTime) < 0);
    }
}
