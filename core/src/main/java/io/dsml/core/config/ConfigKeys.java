package io.dsml.core.config;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Every key an experiment config can hold, read from the config records themselves (the same
 * records the loader binds), with its YAML type and its default: the source that {@code
 * docs/config.md} is checked against, so the reference cannot miss or misstate a key.
 */
public final class ConfigKeys {
    /**
     * One key.
     *
     * @param path the key path as written with {@code --set}, lists as {@code backbones[N].name}
     * @param type its YAML type in words
     * @param defaultValue its default as YAML, {@code required} (no default) or {@code unset} (absent
     *     unless given)
     */
    public record Key(String path, String type, String defaultValue) {}

    /** The keys without a default, which {@link ConfigValidator} requires. */
    private static final java.util.Set<String> REQUIRED =
            java.util.Set.of("name", "dataset.name", "backbones", "backbones[N].name", "losses", "losses[N].name");

    private static final PropertyNamingStrategies.NamingBase SNAKE =
            (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;

    private ConfigKeys() {}

    /** The keys of {@link ExperimentConfig}, depth first in declaration order. */
    public static List<Key> all() {
        List<Key> keys = new ArrayList<>();
        collect(ExperimentConfig.class, "", keys);
        return keys;
    }

    private static void collect(Class<?> record, String prefix, List<Key> keys) {
        Object defaults = defaults(record);
        for (RecordComponent component : record.getRecordComponents()) {
            String path = prefix + SNAKE.translate(component.getName());
            Type type = component.getGenericType();
            Class<?> element = listElement(type);
            if (component.getType().isRecord()) {
                collect(component.getType(), path + ".", keys);
            } else if (element != null && element.isRecord()) {
                keys.add(new Key(path, "list of mappings", defaultText(path, value(component, defaults))));
                collect(element, path + "[N].", keys);
            } else {
                keys.add(new Key(path, typeText(type), defaultText(path, value(component, defaults))));
            }
        }
    }

    /**
     * The record with every component left out: what the loader binds for an absent section. A
     * record bound through a builder says so with a static {@code defaults()}.
     */
    private static Object defaults(Class<?> record) {
        try {
            return record.getMethod("defaults").invoke(null);
        } catch (NoSuchMethodException e) {
            // bound through its canonical constructor, which turns absent components into defaults
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
        Class<?>[] types = java.util.Arrays.stream(record.getRecordComponents())
                .map(RecordComponent::getType)
                .toArray(Class<?>[]::new);
        try {
            return record.getDeclaredConstructor(types).newInstance(new Object[types.length]);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(record + " cannot be built with every component absent", e);
        }
    }

    private static Object value(RecordComponent component, Object record) {
        try {
            return component.getAccessor().invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Class<?> listElement(Type type) {
        if (type instanceof ParameterizedType p && p.getRawType() == List.class) {
            Type argument = p.getActualTypeArguments()[0];
            return argument instanceof Class<?> c ? c : null;
        }
        return null;
    }

    private static String typeText(Type type) {
        if (type instanceof ParameterizedType p) {
            Type[] arguments = p.getActualTypeArguments();
            if (p.getRawType() == List.class) {
                return "list of " + plural(arguments[0]);
            }
            if (p.getRawType() == Map.class) {
                // a mapping of mappings (tune.space) is described in its row, not by its Java type
                boolean plain = arguments[1] != Object.class
                        && !(arguments[1] instanceof ParameterizedType)
                        && single(arguments[1]).indexOf('.') < 0;
                return plain ? "mapping of " + plural(arguments[1]) : "mapping";
            }
        }
        return single(type);
    }

    private static String single(Type type) {
        if (type == Integer.class || type == Long.class || type == int.class || type == long.class) {
            return "integer";
        }
        if (type == Double.class || type == double.class) {
            return "number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "boolean";
        }
        boolean word = type == String.class || type instanceof Class<?> c && ConfigChoice.class.isAssignableFrom(c);
        return word ? "string" : type.getTypeName();
    }

    private static String plural(Type type) {
        return single(type) + "s";
    }

    private static String defaultText(String path, Object value) {
        if (REQUIRED.contains(path)) {
            return "required";
        }
        if (value == null) {
            return "unset";
        }
        if ("".equals(value)) {
            return "\"\"";
        }
        if (value instanceof ConfigChoice choice) {
            return choice.key();
        }
        if (value instanceof Collection<?> list) {
            return list.stream().map(String::valueOf).collect(Collectors.joining(", ", "[", "]"));
        }
        if (value instanceof Map<?, ?> map) {
            return map.isEmpty() ? "{}" : map.toString();
        }
        return String.valueOf(value);
    }
}
