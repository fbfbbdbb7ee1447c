package io.dsml.app.grid;

import com.google.inject.Inject;
import io.dsml.core.error.DsmlException;
import io.dsml.core.error.UserInput;
import java.util.Map;
import java.util.TreeSet;

/**
 * The grid and embedding backends on the class path, by name, as the injector assembled them:
 * found by {@link java.util.ServiceLoader} and registered like a loss plugin.
 */
public final class GridBackends {
    /** The backend {@code --spark} runs on (the cluster module's). */
    public static final String SPARK = "spark";

    private final Map<String, GridBackend> grids;
    private final Map<String, EmbedBackend> embeddings;

    @Inject
    public GridBackends(Map<String, GridBackend> grids, Map<String, EmbedBackend> embeddings) {
        this.grids = Map.copyOf(grids);
        this.embeddings = Map.copyOf(embeddings);
    }

    /** The grid backend named {@code name}. */
    public GridBackend grid(String name) {
        return found(grids, name);
    }

    /** The embedding backend named {@code name}. */
    public EmbedBackend embedding(String name) {
        return found(embeddings, name);
    }

    private static <T> T found(Map<String, T> byName, String name) {
        T backend = byName.get(name);
        if (backend != null) {
            return backend;
        }
        if (SPARK.equals(name)) {
            throw new DsmlException(
                    UserInput.of(UserInput.Kind.CLUSTER),
                    "dsml's cluster module is not on the class path (./dsml adds it and Spark when "
                            + UserInput.Kind.CLUSTER.mention()
                            + " is given; with spark-submit, submit the dsml-cluster jar)");
        }
        throw new DsmlException("unknown grid backend '" + name + "'; known: "
                + (byName.isEmpty() ? "none" : String.join(", ", new TreeSet<>(byName.keySet()))));
    }
}
