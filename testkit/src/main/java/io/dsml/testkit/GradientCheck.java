package io.dsml.testkit;

import io.dsml.core.params.Params;
import io.dsml.core.probe.FiniteDifferences;
import io.dsml.core.spi.LossFactory;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Checks a loss's gradient dLoss/dE, as DJL's autograd computes it, against central finite
 * differences of the loss's own value, {@code (L(E + h e_k) - L(E - h e_k)) / 2h}, coordinate by
 * coordinate, on a seeded random batch in which every class has at least two samples (so pair
 * losses have positive pairs). Each evaluation builds a fresh loss from the factory, so no state
 * carries over; a loss with class state (proxies, classifier weights, vMF means) gets the same
 * seeded random state in every evaluation, held fixed as the finite differences require.
 *
 * <pre>{@code
 * GradientCheck.of(new MyLoss.Factory()).set("margin", 0.9).assertMatches();
 * }</pre>
 *
 * <p>Evaluations run in float32 on the engine, so the defaults ({@code h = 1e-2}, tolerance {@code
 * 3e-3 + 1e-2 |numeric|}) suit losses that are smooth at the scale of h; a hinge whose kink falls
 * within h of a random input can fail spuriously: change the seed, or the inputs' scale.
 */
public final class GradientCheck {
    private final LossFactory factory;
    private final Map<String, Object> settings = new LinkedHashMap<>();
    private int n = 8;
    private int d = 4;
    private int classes = 4;
    private long seed = 1;
    private double step = 1e-2;
    private double absoluteTolerance = 3e-3;
    private double relativeTolerance = 1e-2;

    private GradientCheck(LossFactory factory) {
        this.factory = factory;
    }

    /** A check of the losses {@code factory} creates, with its default hyperparameters. */
    public static GradientCheck of(LossFactory factory) {
        return new GradientCheck(factory);
    }

    /** Sets a hyperparameter, as {@code --set key=value} would (validated against the factory's specs). */
    public GradientCheck set(String key, Object value) {
        settings.put(key, value);
        return this;
    }

    /**
     * The batch: {@code n} embeddings of dimension {@code d}, labels {@code i mod classes}
     * (default 8, 4, 4).
     */
    public GradientCheck batch(int n, int d, int classes) {
        if (classes < 1 || n < 2 * classes || d < 1) {
            throw new IllegalArgumentException("need d >= 1 and n >= 2 * classes >= 2 (every class twice)");
        }
        this.n = n;
        this.d = d;
        this.classes = classes;
        return this;
    }

    /** The seed of the random embeddings and class state (default 1). */
    public GradientCheck seed(long seed) {
        this.seed = seed;
        return this;
    }

    /** The finite-difference step h (default 1e-2). */
    public GradientCheck step(double h) {
        this.step = h;
        return this;
    }

    /** A coordinate passes when |autograd - numeric| <= absolute + relative * |numeric|. */
    public GradientCheck tolerance(double absolute, double relative) {
        this.absoluteTolerance = absolute;
        this.relativeTolerance = relative;
        return this;
    }

    /**
     * The worst coordinate of a check.
     *
     * @param index row-major index into E [n, d] of the coordinate with the largest excess error
     * @param autograd dLoss/dE there by autograd
     * @param numeric the central difference there
     * @param failures how many coordinates are outside the tolerance
     * @param coordinates how many were checked
     */
    public record Result(int index, double autograd, double numeric, int failures, int coordinates) {}

    /** Runs the check and returns its worst coordinate, without asserting. */
    public Result run() {
        Params params = Params.resolve(factory.name(), factory.params(), settings);
        LossFactory.LossShape shape = new LossFactory.LossShape(classes, d);
        float[] embeddings = random(n * d, seed);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % classes;
        }
        float[] classState =
                factory.create(params, shape).classState().isPresent() ? random(classes * d, seed + 1) : null;
        FiniteDifferences.Result r = FiniteDifferences.compare(
                () -> factory.create(params, shape),
                embeddings,
                d,
                labels,
                classState,
                step,
                absoluteTolerance,
                relativeTolerance);
        return new Result(r.index(), r.autograd(), r.numeric(), r.failures(), r.coordinates());
    }

    /** Runs the check; throws {@link AssertionError} naming the worst coordinate if any fails. */
    public void assertMatches() {
        Result result = run();
        if (result.failures() > 0) {
            throw new AssertionError(String.format(
                    "%s: dL/dE[%d,%d] = %.6g by autograd but %.6g by central differences (h = %s); "
                            + "%d of %d coordinates differ by more than %s + %s |numeric| (seed %d)",
                    factory.name(),
                    result.index() / d,
                    result.index() % d,
                    result.autograd(),
                    result.numeric(),
                    step,
                    result.failures(),
                    result.coordinates(),
                    absoluteTolerance,
                    relativeTolerance,
                    seed));
        }
    }

    /** Seeded uniform values in [-1, 1). */
    static float[] random(int count, long seed) {
        return FiniteDifferences.random(count, seed);
    }
}
