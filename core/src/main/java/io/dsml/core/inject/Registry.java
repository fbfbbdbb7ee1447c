package io.dsml.core.inject;

import io.dsml.core.error.DsmlException;
import io.dsml.core.error.UserInput;
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
    private final Class<T> spi;

    public Registry(String kind, Map<String, T> byName) {
        this(kind, byName, null);
    }

    /**
     * @param spi the service interface plugins of this kind implement, named in the unknown-name
     *     message so that a user looking for a plugin learns how to add one; or {@code null}
     */
    public Registry(String kind, Map<String, T> byName, Class<T> spi) {
        this.kind = kind;
        this.byName = Collections.unmodifiableMap(new TreeMap<>(byName));
        this.spi = spi;
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
                    where,
                    null,
                    "unknown " + kind + " '" + name + "'; known: " + String.join(", ", byName.keySet()) + pluginHint());
        }
        return value;
    }

    private String pluginHint() {
        return spi == null
                ? ""
                : "; plugins: put a jar that lists its class in META-INF/services/" + spi.getName() + " on "
                        + UserInput.Kind.PLUGIN_PATH.mention() + " (losses/README.md, 'A loss plugin in its own jar')";
    }

    /** Every registered component, sorted by name. */
    public Map<String, T> all() {
        return byName;
    }
}
