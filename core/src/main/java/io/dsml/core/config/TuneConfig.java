package io.dsml.core.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.dsml.core.error.DsmlException;
import io.dsml.core.tune.Parameter;
import io.dsml.core.tune.Scale;
import io.dsml.core.tune.SearchSpace;
import io.dsml.core.tune.SearchSpec;
import io.dsml.core.tune.TreeParzenSearch;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code tune:} section of an experiment: what {@code dsml tune} searches for each loss, how,
 * and with what budget (the protocol of <i>A Metric Learning Reality Check</i>: every loss gets the
 * same budget, and every trial is scored on held-out training classes, never on the test split).
 *
 * @param method {@code tpe} (the default: the tree-structured Parzen estimator, which learns from
 *     past trials) or {@code random}
 * @param trials the trials per loss (default 10)
 * @param wallTime optional: no trial of a loss starts once its trials' training time (summed over
 *     their cells) has reached this, e.g. {@code 90m}, {@code 2h}, {@code 3600s}
 * @param seed the seed of the proposals (default 0)
 * @param parallel trials proposed together, from the trials finished before them (default 1): a
 *     search whose trials train on several machines at once ({@code --cells i/n}) sets it to the
 *     number of machines
 * @param startupTrials TPE's random trials before it models (default 10, at most the trials)
 * @param space the searched hyperparameters: under {@code all} those of every loss, under a loss's
 *     label (or name) its own; each is a key path as {@code --set} takes it, where {@code
 *     params.X} means the loss's own {@code X} (e.g. {@code params.margin}, {@code
 *     training.learning_rate}, {@code embedding.dim}), given a range {@code {low, high, scale:
 *     linear|log, type: float|int}} or a list {@code {choices: [...]}}
 */
public record TuneConfig(
        String method,
        Integer trials,
        @JsonInclude(JsonInclude.Include.NON_NULL) String wallTime,
        Long seed,
        Integer parallel,
        Integer startupTrials,
        Map<String, Map<String, ParameterConfig>> space) {
    /** The key of {@link #space} that applies to every loss. */
    public static final String ALL = "all";

    /** The prefix of a key path that names a loss's own hyperparameter. */
    public static final String LOSS_PARAMS = "params.";

    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(s|m|h)");

    public TuneConfig {
        method = method == null ? TreeParzenSearch.NAME : method;
        trials = trials == null ? 10 : trials;
        seed = seed == null ? 0L : seed;
        parallel = parallel == null ? 1 : parallel;
        startupTrials = startupTrials == null ? 10 : startupTrials;
        space = space == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(space));
    }

    /**
     * One searched hyperparameter as the YAML gives it: a range or a list of choices.
     *
     * @param low the range's low end
     * @param high the range's high end
     * @param scale {@code linear} (the default) or {@code log}
     * @param type {@code float} (the default) or {@code int}
     * @param choices the values to choose among, instead of a range
     */
    public record ParameterConfig(Double low, Double high, String scale, String type, List<Object> choices) {
        /** This as a search parameter named {@code name}. */
        Parameter toParameter(String name) {
            if (choices != null) {
                if (low != null || high != null || scale != null || type != null) {
                    throw new DsmlException("tune.space: " + name + ": give either choices or a range, not both");
                }
                return new Parameter.Choice(name, choices);
            }
            if (low == null || high == null) {
                throw new DsmlException("tune.space: " + name + ": a range needs low and high (or give choices)");
            }
            Scale s = switch (scale == null ? "linear" : scale.toLowerCase(Locale.ROOT)) {
                case "linear" -> Scale.LINEAR;
                case "log" -> Scale.LOG;
                default ->
                    throw new DsmlException("tune.space: " + name + ".scale: '" + scale + "' is not linear or log");
            };
            return switch (type == null ? "float" : type.toLowerCase(Locale.ROOT)) {
                case "float" -> new Parameter.FloatRange(name, low, high, s);
                case "int" -> {
                    if (low != Math.rint(low) || high != Math.rint(high)) {
                        throw new DsmlException("tune.space: " + name + ": an int range needs whole low and high");
                    }
                    yield new Parameter.IntRange(name, (int) (double) low, (int) (double) high, s);
                }
                default -> throw new DsmlException("tune.space: " + name + ".type: '" + type + "' is not float or int");
            };
        }
    }

    /**
     * The search of the loss labelled {@code label} (named {@code name}): the parameters under
     * {@code all}, then those under its label (or else its name).
     *
     * @throws DsmlException naming the key when the space is empty or invalid, or the settings are
     */
    public SearchSpec spec(String label, String name) {
        List<Parameter> parameters = new ArrayList<>();
        space.getOrDefault(ALL, Map.of()).forEach((key, p) -> parameters.add(p.toParameter(key)));
        Map<String, ParameterConfig> own = space.containsKey(label) ? space.get(label) : space.get(name);
        if (own != null) {
            own.forEach((key, p) -> parameters.add(p.toParameter(key)));
        }
        if (parameters.isEmpty()) {
            throw new DsmlException("tune.space: nothing to search for the loss '" + label
                    + "'; give it hyperparameters under tune.space." + label + " (or tune.space.all)");
        }
        try {
            return new SearchSpec(
                    method,
                    new SearchSpace(parameters),
                    trials,
                    wallTimeBudget(),
                    seed,
                    null,
                    new TreeParzenSearch.Settings(Math.min(startupTrials, trials), 0.1, 24));
        } catch (DsmlException e) {
            throw new DsmlException("tune: " + e.getMessage());
        }
    }

    /** The wall-time budget, or {@code null} for none. */
    public Duration wallTimeBudget() {
        if (wallTime == null) {
            return null;
        }
        Matcher m = DURATION.matcher(wallTime.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new DsmlException("tune.wall_time: '" + wallTime + "' is not a duration like 90m, 2h or 3600s");
        }
        double amount = Double.parseDouble(m.group(1));
        double seconds = amount
                * switch (m.group(2)) {
                    case "h" -> 3600;
                    case "m" -> 60;
                    default -> 1;
                };
        return Duration.ofMillis(Math.round(seconds * 1000));
    }
}
