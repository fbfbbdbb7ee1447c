package io.dsml.core.tune;

import io.dsml.core.error.DsmlException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import java.util.function.DoubleUnaryOperator;

/**
 * The tree-structured Parzen estimator (TPE) of Bergstra, Bardenet, Bengio and Kégl, <i>Algorithms
 * for Hyper-Parameter Optimization</i> (NeurIPS 2011), with every parameter modelled independently
 * as in hyperopt and Optuna's default.
 *
 * <p>Until {@link Settings#startupTrials()} trials are complete it proposes at random. Then it
 * splits the complete trials at a quantile of their scores: the best
 * {@code min(ceil(gamma * n), 25)} are <em>good</em> (Optuna's rule), the others and the pruned
 * trials <em>bad</em>. For each parameter it fits a density l(x) to the good values and g(x) to the
 * bad ones (a {@link ParzenEstimator} in the unit coordinate for ranges; category frequencies plus
 * a uniform prior of weight 1 for choices), draws {@link Settings#candidates()} values from l, and
 * proposes the one maximising l(x)/g(x), which maximises expected improvement under the TPE model.
 */
public final class TreeParzenSearch implements SearchMethod {
    /** The name configs give it. */
    public static final String NAME = "tpe";

    private static final int MOST_GOOD = 25;

    /**
     * @param startupTrials complete trials proposed at random before the model is used (at least 2)
     * @param gamma the fraction of complete trials that are good, in (0, 1)
     * @param candidates values drawn from l(x) per parameter and proposal (at least 1)
     */
    public record Settings(int startupTrials, double gamma, int candidates) {
        /** Optuna's defaults: 10 random trials, the best 10 % good, 24 candidates. */
        public static final Settings DEFAULT = new Settings(10, 0.1, 24);

        public Settings {
            if (startupTrials < 2) {
                throw new DsmlException("tpe: startup_trials must be at least 2, got " + startupTrials);
            }
            if (!(gamma > 0 && gamma < 1)) {
                throw new DsmlException("tpe: gamma must be in (0, 1), got " + gamma);
            }
            if (candidates < 1) {
                throw new DsmlException("tpe: candidates must be at least 1, got " + candidates);
            }
        }
    }

    private final SearchSpace space;
    private final long seed;
    private final Settings settings;

    public TreeParzenSearch(SearchSpace space, long seed, Settings settings) {
        this.space = space;
        this.seed = seed;
        this.settings = settings;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Object> propose(int number, List<Trial> trials) {
        SplittableRandom random = TrialRandom.of(seed, number);
        List<Trial> complete =
                trials.stream().filter(Trial::complete).sorted(Trial.BEST_FIRST).toList();
        if (complete.size() < settings.startupTrials()) {
            return RandomSearch.draw(space, random);
        }
        int goodCount = Math.min(MOST_GOOD, (int) Math.ceil(settings.gamma() * complete.size()));
        goodCount = Math.max(1, Math.min(goodCount, complete.size() - 1));
        List<Trial> good = complete.subList(0, goodCount);
        List<Trial> bad = new ArrayList<>(complete.subList(goodCount, complete.size()));
        trials.stream()
                .filter(t -> t.status() == Trial.Status.PRUNED)
                .sorted(Comparator.comparingInt(Trial::number))
                .forEach(bad::add);
        Map<String, Object> values = new LinkedHashMap<>();
        for (Parameter p : space.parameters()) {
            values.put(p.name(), proposeOne(p, good, bad, random));
        }
        return space.ordered(values);
    }

    private Object proposeOne(Parameter p, List<Trial> good, List<Trial> bad, SplittableRandom random) {
        if (p instanceof Parameter.Choice choice) {
            double[] l = categoryProbabilities(choice, good);
            double[] g = categoryProbabilities(choice, bad);
            int best = (int)
                    bestCandidate(() -> drawCategory(l, random), i -> Math.log(l[(int) i]) - Math.log(g[(int) i]));
            return choice.values().get(best);
        }
        Parameter.Numeric numeric = (Parameter.Numeric) p;
        ParzenEstimator l = new ParzenEstimator(units(numeric, good));
        ParzenEstimator g = new ParzenEstimator(units(numeric, bad));
        double best = bestCandidate(() -> l.sample(random), x -> l.logDensity(x) - g.logDensity(x));
        return numeric.fromUnit(best);
    }

    /** The candidate (first among equals) with the highest log l/g. */
    private double bestCandidate(DoubleSupplier draw, DoubleUnaryOperator logRatio) {
        double best = draw.getAsDouble();
        double bestRatio = logRatio.applyAsDouble(best);
        for (int c = 1; c < settings.candidates(); c++) {
            double x = draw.getAsDouble();
            double ratio = logRatio.applyAsDouble(x);
            if (ratio > bestRatio) {
                best = x;
                bestRatio = ratio;
            }
        }
        return best;
    }

    private static double[] units(Parameter.Numeric p, List<Trial> trials) {
        return trials.stream()
                .mapToDouble(t -> p.toUnit(t.params().get(p.name())))
                .toArray();
    }

    /** Frequencies of each value among {@code trials}, with a uniform prior of total weight 1. */
    private static double[] categoryProbabilities(Parameter.Choice p, List<Trial> trials) {
        int k = p.values().size();
        double[] weights = new double[k];
        Arrays.fill(weights, 1.0 / k);
        for (Trial t : trials) {
            weights[p.indexOf(t.params().get(p.name()))] += 1;
        }
        double total = trials.size() + 1.0;
        for (int i = 0; i < k; i++) {
            weights[i] /= total;
        }
        return weights;
    }

    private static int drawCategory(double[] probabilities, SplittableRandom random) {
        double u = random.nextDouble();
        double cumulative = 0;
        for (int i = 0; i < probabilities.length - 1; i++) {
            cumulative += probabilities[i];
            if (u < cumulative) {
                return i;
            }
        }
        return probabilities.length - 1;
    }
}
