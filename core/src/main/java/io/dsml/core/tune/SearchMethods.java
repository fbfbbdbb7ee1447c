package io.dsml.core.tune;

import io.dsml.core.error.DsmlException;
import java.util.List;

/** The built-in search methods, by the names configs give them. */
public final class SearchMethods {
    private SearchMethods() {}

    /** The names {@link #create} accepts. */
    public static List<String> names() {
        return List.of(RandomSearch.NAME, TreeParzenSearch.NAME);
    }

    /**
     * The method called {@code name} over {@code space}, seeded with {@code seed} (TPE with its
     * default settings).
     *
     * @throws DsmlException for an unknown name, listing the known ones
     */
    public static SearchMethod create(String name, SearchSpace space, long seed) {
        return create(name, space, seed, TreeParzenSearch.Settings.DEFAULT);
    }

    /** As {@link #create(String, SearchSpace, long)}, TPE with {@code tpe}'s settings. */
    public static SearchMethod create(String name, SearchSpace space, long seed, TreeParzenSearch.Settings tpe) {
        return switch (requireKnown(name)) {
            case RandomSearch.NAME -> new RandomSearch(space, seed);
            default -> new TreeParzenSearch(space, seed, tpe);
        };
    }

    /**
     * Returns {@code name} if it is a known method's.
     *
     * @throws DsmlException for an unknown name, listing the known ones
     */
    public static String requireKnown(String name) {
        if (name == null || !names().contains(name)) {
            throw new DsmlException(
                    "unknown search method '" + name + "'; known methods: " + String.join(", ", names()));
        }
        return name;
    }
}
