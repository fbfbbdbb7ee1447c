package io.dsml.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dsml.app.Dsml;
import io.dsml.core.params.Params;
import io.dsml.core.probe.LossProbe;
import io.dsml.core.run.CellFiles;
import io.dsml.core.spi.LossFactory;
import io.dsml.evaluation.Npy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Checks that a loss plugin works the way users reach it: found by {@link ServiceLoader} through
 * its {@code META-INF/services/io.dsml.core.spi.LossFactory} line, evaluated by {@code dsml loss},
 * and trained by {@code dsml reproduce}. The commands run in-process on the current thread's context
 * class loader, which in a plugin's own tests holds the plugin's classes and services file, as
 * {@code DSML_CLASSPATH=plugin.jar ./dsml ...} would.
 *
 * <pre>{@code
 * PluginCheck.assertDiscovered("pull-together");
 * PluginCheck.assertRunsThroughDsmlLoss("pull-together", Map.of("margin", "0.9"), tempDir);
 * PluginCheck.assertTrainsBriefly("pull-together", Map.of("margin", "0.9"), tempDir);
 * }</pre>
 */
public final class PluginCheck {
    private static final int N = 8;
    private static final int D = 4;
    private static final int CLASSES = 4;

    private PluginCheck() {}

    /**
     * Asserts that {@link ServiceLoader} finds exactly one {@link LossFactory} named {@code name},
     * and that {@code dsml loss --list} lists it as a plugin.
     *
     * @return the factory
     */
    public static LossFactory assertDiscovered(String name) {
        List<LossFactory> found = new ArrayList<>();
        ServiceLoader.load(LossFactory.class).forEach(f -> {
            if (f.name().equals(name)) {
                found.add(f);
            }
        });
        if (found.size() != 1) {
            throw new AssertionError("ServiceLoader found " + found.size() + " LossFactory named '" + name
                    + "'; expected 1. Is the class listed in src/main/resources/META-INF/services/"
                    + LossFactory.class.getName() + "?");
        }
        Run list = dsml("loss", "--list");
        list.requireSuccess("dsml loss --list");
        if (!list.out().lines().anyMatch(line -> line.startsWith(name + " [plugin] - "))) {
            throw new AssertionError("dsml loss --list does not show '" + name + " [plugin]':\n" + list.out());
        }
        return found.get(0);
    }

    /**
     * Runs {@code dsml loss --loss NAME --set K=V ... --grad-out G.npy} on a seeded batch (8
     * embeddings of dimension 4, two of each of 4 classes) and asserts it succeeds with the value
     * and gradient that evaluating the factory's loss directly gives.
     *
     * @param settings hyperparameters as {@code --set} takes them
     * @param workDir where the inputs and the gradient are written
     * @return the loss value {@code dsml loss} printed
     */
    public static double assertRunsThroughDsmlLoss(String name, Map<String, String> settings, Path workDir)
            throws IOException {
        LossFactory factory = assertDiscovered(name);
        float[] embeddings = GradientCheck.random(N * D, 7);
        int[] labels = new int[N];
        for (int i = 0; i < N; i++) {
            labels[i] = i % CLASSES;
        }
        Path e = workDir.resolve("plugin-check-embeddings.npy");
        Path l = workDir.resolve("plugin-check-labels.npy");
        Path g = workDir.resolve("plugin-check-gradient.npy");
        Npy.writeFloat(e, embeddings, N, D);
        Npy.writeInt(l, labels, N);
        List<String> args = new ArrayList<>(List.of("loss", "--loss", name));
        settings.forEach((k, v) -> args.addAll(List.of("--set", k + "=" + v)));
        args.addAll(List.of("--embeddings", e.toString(), "--labels", l.toString(), "--grad-out", g.toString()));
        Run run = dsml(args.toArray(String[]::new));
        run.requireSuccess("dsml " + String.join(" ", args));
        double printed = Double.parseDouble(run.out().trim());

        Params params = Params.resolve(name, factory.params(), settings);
        LossProbe.Result direct = LossProbe.evaluate(
                factory.create(params, new LossFactory.LossShape(CLASSES, D)), embeddings, N, D, labels, null, true);
        if (!close(printed, direct.loss())) {
            throw new AssertionError("dsml loss printed " + printed + " but the loss evaluates to " + direct.loss());
        }
        float[] written = Npy.read(g).asFloats();
        for (int k = 0; k < written.length; k++) {
            if (!Float.isFinite(written[k]) || !close(written[k], direct.gradient()[k])) {
                throw new AssertionError("dsml loss --grad-out: dL/dE[" + k / D + "," + k % D + "] = " + written[k]
                        + ", the loss's own gradient is " + direct.gradient()[k]);
            }
        }
        return printed;
    }

    /**
     * Trains conv-2 with the loss for a few steps of one epoch on the bundled quickstart data
     * ({@code dsml reproduce quickstart}, batch 32, Recall@1 only) and asserts that the run
     * finishes, its one cell with status ok and a finite loss.
     *
     * @param runsDir where the run directory is created
     */
    public static void assertTrainsBriefly(String name, Map<String, String> settings, Path runsDir) throws IOException {
        String params = settings.entrySet().stream()
                .map(s -> s.getKey() + ": " + s.getValue())
                .collect(Collectors.joining(", ", "{", "}"));
        String[] args = {
            "reproduce",
            "quickstart",
            "--runs-dir",
            runsDir.toString(),
            "--quiet",
            "--set",
            "losses=[{name: " + name + ", params: " + params + "}]",
            "--set",
            "training.epochs=1",
            "--set",
            "training.max_steps_per_epoch=4",
            "--set",
            "training.batch_size=32",
            "--set",
            "evaluation.metrics=[recall]"
        };
        Run run = dsml(args);
        run.requireSuccess("dsml reproduce quickstart (with " + name + ")");
        List<Path> results;
        try (Stream<Path> files = Files.walk(runsDir)) {
            results = files.filter(p -> p.getFileName().toString().equals(CellFiles.RESULT))
                    .toList();
        }
        if (results.size() != 1) {
            throw new AssertionError("expected one cell result under " + runsDir + ", found " + results);
        }
        JsonNode result = new ObjectMapper().readTree(results.get(0).toFile());
        if (!"ok".equals(result.path("status").asText())) {
            throw new AssertionError("the training cell ended with status " + result.path("status") + ": "
                    + result.path("message").asText());
        }
    }

    private static boolean close(double actual, double expected) {
        return Math.abs(actual - expected) <= 1e-6 * Math.max(1, Math.abs(expected));
    }

    /** What one in-process {@code dsml} run returned and printed. */
    private record Run(int exitCode, String out, String err) {
        void requireSuccess(String what) {
            if (exitCode != 0) {
                throw new AssertionError(what + " exited with " + exitCode + ":\n" + err + out);
            }
        }
    }

    /** Runs the command line with standard output and error captured (one run at a time). */
    private static synchronized Run dsml(String... args) {
        Dsml.Captured run = Dsml.executeCaptured(args);
        return new Run(run.exitCode(), run.out(), run.err());
    }
}
