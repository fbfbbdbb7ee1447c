package io.dsml.core.tune;

import io.dsml.core.error.DsmlException;
import java.util.List;
import java.util.Objects;

/**
 * One searched hyperparameter. Its {@link #name()} is the key path a runner sets in the experiment
 * (as {@code --set} takes it, e.g. {@code losses[0].params.margin} or {@code training.lr}).
 *
 * <p>Search methods see a numeric parameter through the <em>unit coordinate</em> of its range: 0 at
 * the low end, 1 at the high end, linear in the value or in its logarithm ({@link Scale}). An integer
 * range covers [low - 1/2, high + 1/2] so that every integer has the same share of the coordinate.
 */
public sealed interface Parameter permits Parameter.Numeric, Parameter.Choice {
    /** The key path of the hyperparameter. */
    String name();

    /** An integer or real range, searched through its unit coordinate. */
    sealed interface Numeric extends Parameter permits IntRange, FloatRange {
        /** The value at unit coordinate {@code u} in [0, 1]. */
        Object fromUnit(double u);

        /** The unit coordinate of {@code value}, a number within the range. */
        double toUnit(Object value);
    }

    /**
     * Integers from {@code low} to {@code high} inclusive.
     *
     * @throws DsmlException if {@code low >= high}, or a log scale has {@code low < 1}
     */
    record IntRange(String name, int low, int high, Scale scale) implements Numeric {
        public IntRange {
            requireName(name);
            Objects.requireNonNull(scale, "scale");
            requireRange(name, low, high, scale == Scale.LOG ? 1 : Double.NEGATIVE_INFINITY);
        }

        @Override
        public Object fromUnit(double u) {
            long rounded = Math.round(Ranges.fromUnit(u, low - 0.5, high + 0.5, scale));
            return (int) Math.max(low, Math.min(high, rounded));
        }

        @Override
        public double toUnit(Object value) {
            return Ranges.toUnit(number(name, value), low - 0.5, high + 0.5, scale);
        }
    }

    /**
     * Reals from {@code low} to {@code high}.
     *
     * @throws DsmlException if {@code low >= high}, a bound is not finite, or a log scale has
     *     {@code low <= 0}
     */
    record FloatRange(String name, double low, double high, Scale scale) implements Numeric {
        public FloatRange {
            requireName(name);
            Objects.requireNonNull(scale, "scale");
            if (!Double.isFinite(low) || !Double.isFinite(high)) {
                throw new DsmlException(
                        "search parameter " + name + ": bounds must be finite, got " + low + " and " + high);
            }
            requireRange(name, low, high, scale == Scale.LOG ? Double.MIN_VALUE : Double.NEGATIVE_INFINITY);
        }

        @Override
        public Object fromUnit(double u) {
            return Math.max(low, Math.min(high, Ranges.fromUnit(u, low, high, scale)));
        }

        @Override
        public double toUnit(Object value) {
            return Ranges.toUnit(number(name, value), low, high, scale);
        }
    }

    /**
     * One of a list of values (strings, numbers or booleans, as YAML gives them), unordered.
     *
     * @throws DsmlException if there are fewer than two values or two are equal
     */
    record Choice(String name, List<Object> values) implements Parameter {
        public Choice {
            requireName(name);
            values = List.copyOf(values);
            if (values.size() < 2) {
                throw new DsmlException(
                        "search parameter " + name + ": a choice needs at least 2 values, got " + values);
            }
            for (int i = 0; i < values.size(); i++) {
                for (int j = 0; j < i; j++) {
                    if (same(values.get(i), values.get(j))) {
                        throw new DsmlException(
                                "search parameter " + name + ": the value " + values.get(i) + " is listed twice");
                    }
                }
            }
        }

        /**
         * The position of {@code value} among the values; numbers match by value (20 matches 20.0),
         * anything else by its text, so values read back from a table or JSON are recognised.
         *
         * @throws DsmlException if it is none of them
         */
        public int indexOf(Object value) {
            for (int i = 0; i < values.size(); i++) {
                if (same(values.get(i), value)) {
                    return i;
                }
            }
            throw new DsmlException("search parameter " + name + ": " + value + " is not one of " + values);
        }

        private static boolean same(Object a, Object b) {
            if (a instanceof Number x && b instanceof Number y) {
                return x.doubleValue() == y.doubleValue();
            }
            return String.valueOf(a).equals(String.valueOf(b));
        }
    }

    private static void requireName(String name) {
        if (name == null || name.isBlank()) {
            throw new DsmlException("a search parameter needs a name (the key path it sets)");
        }
    }

    private static void requireRange(String name, double low, double high, double smallestLow) {
        if (!(low < high)) {
            throw new DsmlException(
                    "search parameter " + name + ": the low end " + low + " must be below the high end " + high);
        }
        if (low < smallestLow) {
            throw new DsmlException("search parameter " + name + ": a log scale needs a positive low end, got " + low);
        }
    }

    private static double number(String name, Object value) {
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        throw new DsmlException("search parameter " + name + ": " + value + " is not a number");
    }
}
