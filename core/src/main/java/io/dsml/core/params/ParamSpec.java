package io.dsml.core.params;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Declares one hyperparameter of a pluggable component (loss, backbone, dataset): its name, type,
 * default and valid range. {@link Params#resolve} checks user values against these specs.
 *
 * @param name the key used in configs and on the command line
 * @param type the value type
 * @param defaultValue the default, already of {@code type}'s Java class; {@code null} means required
 * @param description one line for {@code --list} output
 * @param min inclusive lower bound for numbers, or {@code null}
 * @param max inclusive upper bound for numbers, or {@code null}
 * @param minExclusive whether {@code min} itself is invalid (e.g. kappa &gt; 0)
 * @param choices the allowed values of a STRING parameter, or empty for any
 */
public record ParamSpec(
        String name,
        Type type,
        Object defaultValue,
        String description,
        Double min,
        Double max,
        boolean minExclusive,
        List<String> choices) {

    /** The value types a hyperparameter can have. */
    public enum Type {
        DOUBLE,
        INT,
        BOOLEAN,
        STRING
    }

    public ParamSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        choices = choices == null ? List.of() : List.copyOf(choices);
    }

    /** A real-valued hyperparameter with an inclusive range ({@code null} for unbounded). */
    public static ParamSpec real(String name, double def, Double min, Double max, String description) {
        return new ParamSpec(name, Type.DOUBLE, def, description, min, max, false, List.of());
    }

    /** A real-valued hyperparameter that must be strictly greater than {@code min}. */
    public static ParamSpec positive(String name, double def, String description) {
        return new ParamSpec(name, Type.DOUBLE, def, description, 0.0, null, true, List.of());
    }

    /** An integer hyperparameter with an inclusive range. */
    public static ParamSpec integer(String name, int def, Integer min, Integer max, String description) {
        return new ParamSpec(
                name,
                Type.INT,
                def,
                description,
                min == null ? null : min.doubleValue(),
                max == null ? null : max.doubleValue(),
                false,
                List.of());
    }

    /** A boolean hyperparameter. */
    public static ParamSpec flag(String name, boolean def, String description) {
        return new ParamSpec(name, Type.BOOLEAN, def, description, null, null, false, List.of());
    }

    /** A string hyperparameter restricted to {@code choices}. */
    public static ParamSpec choice(String name, String def, List<String> choices, String description) {
        return new ParamSpec(name, Type.STRING, def, description, null, null, false, choices);
    }

    /** Human-readable range or choice list, for help output. */
    public String constraint() {
        if (!choices.isEmpty()) {
            return String.join("|", choices);
        }
        if (min == null && max == null) {
            return type.name().toLowerCase(Locale.ROOT);
        }
        String lo = min == null ? "(-inf" : (minExclusive ? "(" : "[") + fmt(min);
        String hi = max == null ? "inf)" : fmt(max) + "]";
        return lo + ", " + hi;
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
