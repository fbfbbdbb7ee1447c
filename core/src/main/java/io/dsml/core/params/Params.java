package io.dsml.core.params;

import io.dsml.core.error.DsmlException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Resolved, validated hyperparameter values of one component. Built by {@link #resolve}, which
 * rejects unknown names, wrong types and out-of-range values with a message naming the key path.
 */
public final class Params {
    private final Map<String, Object> values;

    private Params(Map<String, Object> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    /**
     * Checks {@code given} against {@code specs} and fills in defaults.
     *
     * @param path the config path of the component, e.g. {@code losses[0].params}, for messages
     * @throws DsmlException naming the offending key
     */
    public static Params resolve(String path, List<ParamSpec> specs, Map<String, ?> given) {
        Map<String, ParamSpec> byName = new LinkedHashMap<>();
        specs.forEach(s -> byName.put(s.name(), s));
        Map<String, ?> input = given == null ? Map.of() : given;
        for (String key : input.keySet()) {
            if (!byName.containsKey(key)) {
                throw new DsmlException(path + "." + key + ": unknown hyperparameter; valid: "
                        + (byName.isEmpty() ? "(none)" : String.join(", ", byName.keySet())));
            }
        }
        Map<String, Object> resolved = new LinkedHashMap<>();
        for (ParamSpec spec : specs) {
            Object raw = input.get(spec.name());
            String where = path + "." + spec.name();
            if (raw == null) {
                if (spec.defaultValue() == null) {
                    throw new DsmlException(where + ": required");
                }
                resolved.put(spec.name(), spec.defaultValue());
            } else {
                resolved.put(spec.name(), check(where, spec, convert(where, spec, raw)));
            }
        }
        return new Params(resolved);
    }

    /** Defaults only. */
    public static Params defaults(List<ParamSpec> specs) {
        return resolve("params", specs, Map.of());
    }

    private static Object convert(String where, ParamSpec spec, Object raw) {
        String text = raw.toString().trim();
        try {
            return switch (spec.type()) {
                case DOUBLE -> raw instanceof Number n ? n.doubleValue() : Double.parseDouble(text);
                case INT -> parseInt(text, raw);
                case BOOLEAN -> parseBoolean(text);
                case STRING -> text;
            };
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new DsmlException(where + ": expected " + spec.type().name().toLowerCase() + ", got '" + text + "'");
        }
    }

    private static int parseInt(String text, Object raw) {
        if (raw instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            return Math.toIntExact(n.longValue());
        }
        return Integer.parseInt(text);
    }

    private static boolean parseBoolean(String text) {
        if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(text);
        }
        throw new IllegalArgumentException(text);
    }

    private static Object check(String where, ParamSpec spec, Object value) {
        if (value instanceof Number n) {
            double v = n.doubleValue();
            boolean belowMin = spec.min() != null && (spec.minExclusive() ? v <= spec.min() : v < spec.min());
            boolean aboveMax = spec.max() != null && v > spec.max();
            if (Double.isNaN(v) || Double.isInfinite(v) || belowMin || aboveMax) {
                throw new DsmlException(where + ": " + value + " is outside " + spec.constraint());
            }
            if (Math.abs(v) > Float.MAX_VALUE) {
                // Engines compute in float32: the value would silently become infinite.
                throw new DsmlException(where + ": " + value
                        + " is too large for float32, which training computes in (max " + Float.MAX_VALUE + ")");
            }
        }
        if (value instanceof String s
                && !spec.choices().isEmpty()
                && !spec.choices().contains(s)) {
            throw new DsmlException(where + ": '" + s + "' is not one of " + spec.constraint());
        }
        return value;
    }

    public double getDouble(String name) {
        return ((Number) require(name)).doubleValue();
    }

    public float getFloat(String name) {
        return (float) getDouble(name);
    }

    public int getInt(String name) {
        return ((Number) require(name)).intValue();
    }

    public boolean getBoolean(String name) {
        return (Boolean) require(name);
    }

    public String getString(String name) {
        return (String) require(name);
    }

    /** All values, in declaration order. */
    public Map<String, Object> asMap() {
        return values;
    }

    private Object require(String name) {
        Object v = values.get(name);
        if (v == null) {
            throw new IllegalStateException("no hyperparameter '" + name + "' declared");
        }
        return v;
    }

    @Override
    public String toString() {
        return values.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", ", "{", "}"));
    }
}
