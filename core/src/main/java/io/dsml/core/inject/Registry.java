package io.dsml.core.inject;

import io.dsml.core.error.DsmlException;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Components of one kind (losses, backbones, datasets, samplers) by registered name. Lookups of an
 * unknown name fail with a message that lists the known ones.
 *
 * @param <T> the component's factory type
 */
public final class Registry<T> {
    private final String kind;
    private final Map<String, T> byName;

    public Registry(String kind, Map<String, T> byName) {
        this.kind = kind;
        this.byName = Collections.unmodifiableMap(new TreeMap<>(byName));
    }

    /**
     * The component named {@code name}.
     *
     * @param where the config key or option that named it, for the message
     */
    public T get(String name, String where) {
        T value = byName.get(name);
        if (value == null) {
            throw new DsmlException(
                    where + ": unknown " + kind + " '" + name + "'; known: " + String.join(", ", byName.keySet()));
        }
        return value;
    }

    /** Every registered component, sorted by name. */
    public Map<String, T> all() {
        return byName;
    }
}
