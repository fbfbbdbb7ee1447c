package io.dsml.core.config;

import java.util.Map;
import java.util.TreeMap;

/**
 * A named pluggable component (loss or backbone) with its hyperparameters.
 *
 * @param name the registered name
 * @param label how the component appears in result tables; defaults to the name, plus the
 *     hyperparameters that were set, so two variants of one loss stay apart
 * @param params hyperparameters, checked against the component's declared {@code ParamSpec}s
 */
public record ComponentConfig(String name, String label, Map<String, Object> params) {
    public ComponentConfig {
        params = params == null
                ? Map.of()
                : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(params));
    }

    /** The label for tables: the given one, or the name with the explicitly set hyperparameters. */
    public String displayName() {
        if (label != null && !label.isBlank()) {
            return label;
        }
        if (params.isEmpty()) {
            return name;
        }
        StringBuilder text = new StringBuilder(name).append('(');
        new TreeMap<>(params)
                .forEach((k, v) -> text.append(k).append('=').append(v).append(','));
        text.setCharAt(text.length() - 1, ')');
        return text.toString();
    }
}
