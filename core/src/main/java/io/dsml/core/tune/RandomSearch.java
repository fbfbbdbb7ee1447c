package io.dsml.core.tune;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Random search (Bergstra and Bengio, JMLR 2012): every parameter drawn independently, uniformly in
 * its unit coordinate (so log ranges uniformly in the logarithm) or uniformly among its choices. It
 * ignores past trials.
 */
public final class RandomSearch implements SearchMethod {
    /** The name configs give it. */
    public static final String NAME = "random";

    private final SearchSpace space;
    private final long seed;

    public RandomSearch(SearchSpace space, long seed) {
        this.space = space;
        this.seed = seed;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Object> propose(int number, List<Trial> trials) {
        return draw(space, TrialRandom.of(seed, number));
    }

    /** One configuration drawn uniformly from {@code space}. */
    static Map<String, Object> draw(SearchSpace space, SplittableRandom random) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Parameter p : space.parameters()) {
            values.put(p.name(), drawOne(p, random));
        }
        return space.ordered(values);
    }

    private static Object drawOne(Parameter p, SplittableRandom random) {
        if (p instanceof Parameter.Choice choice) {
            return choice.values().get(random.nextInt(choice.values().size()));
        }
        return ((Parameter.Numeric) p).fromUnit(random.nextDouble());
    }
}
