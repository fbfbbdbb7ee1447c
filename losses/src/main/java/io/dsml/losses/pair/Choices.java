package io.dsml.losses.pair;

import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/** Names of the enum parts ({@link Distance}, {@link Reducer}) as hyperparameter choices. */
final class Choices {
    private Choices() {}

    static <E> List<String> ids(E[] values, Function<E, String> id) {
        return Arrays.stream(values).map(id).toList();
    }

    static <E> E byId(E[] values, Function<E, String> id, String name, String kind) {
        return Arrays.stream(values)
                .filter(v -> id.apply(v).equals(name))
                .findFirst()
                .orElseThrow(() ->
                        new IllegalArgumentException("unknown " + kind + " '" + name + "'; known: " + ids(values, id)));
    }
}
