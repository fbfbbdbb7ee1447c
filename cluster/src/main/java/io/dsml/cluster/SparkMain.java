package io.dsml.cluster;

import io.dsml.app.Dsml;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The cluster jar's entry point for {@code spark-submit ... dsml-cluster.jar reproduce NAME
 * --runs-dir SHARED_DIR}: the dsml command line, with the experiment commands running their
 * cells (and {@code embed} its shards) on the Spark that {@code spark-submit} configured (as if
 * {@code --spark} were given).
 */
public final class SparkMain {
    private static final Set<String> EXPERIMENT_COMMANDS = Set.of("reproduce", "train", "compare", "embed");

    private SparkMain() {}

    public static void main(String[] args) {
        Dsml.main(withSpark(args));
    }

    /** {@code args} with {@code --spark=} (the submitted configuration) after an experiment command. */
    static String[] withSpark(String[] args) {
        List<String> all = new ArrayList<>(List.of(args));
        boolean given = all.stream().anyMatch(a -> a.equals("--spark") || a.startsWith("--spark="));
        if (!all.isEmpty() && EXPERIMENT_COMMANDS.contains(all.get(0)) && !given) {
            all.add(1, "--spark=");
        }
        return all.toArray(String[]::new);
    }
}
