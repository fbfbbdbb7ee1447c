package io.dsml.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The small grid the cluster tests train (quickstart, 2 seeds x 2 losses, 2 short epochs with
 * checkpoints inside them), and its plain single-process run, trained once per test JVM.
 */
final class Grid {
    static final List<String> SETTINGS = List.of(
            "--set",
            "seeds=[1, 2]",
            "--set",
            "training.epochs=2",
            "--set",
            "training.max_steps_per_epoch=8",
            "--set",
            "training.checkpoint_every_steps=3",
            // the online vMF means need no full pass over the training set: a cheaper cell
            "--set",
            "losses=[{name: vmf, params: {means: online}}, {name: softmax}]",
            "--quiet");

    private static Path plain;

    private Grid() {}

    /** {@code head} followed by the grid's settings. */
    static String[] args(String... head) {
        List<String> all = new ArrayList<>(List.of(head));
        all.addAll(SETTINGS);
        return all.toArray(String[]::new);
    }

    /** The run directory of the plain run (trained on first use). */
    static synchronized Path plainRun() throws IOException {
        if (plain == null) {
            Path runs = Files.createTempDirectory("dsml-plain-");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(runs)));
            Cli run = Cli.run(args("reproduce", "quickstart", "--runs-dir", runs.toString()));
            assertThat(run.exitCode()).as(run.err()).isZero();
            plain = onlyRunDir(runs.resolve("quickstart"));
        }
        return plain;
    }

    static Path onlyRunDir(Path experimentDir) throws IOException {
        try (Stream<Path> dirs = Files.list(experimentDir)) {
            List<Path> all = dirs.toList();
            assertThat(all).hasSize(1);
            return all.get(0);
        }
    }

    /** Same rows and metrics in results.json, byte-identical final test embeddings per cell. */
    static void assertSameResults(Path expectedDir, Path actualDir) throws IOException {
        JsonNode expected =
                new ObjectMapper().readTree(expectedDir.resolve("results.json").toFile());
        JsonNode actual =
                new ObjectMapper().readTree(actualDir.resolve("results.json").toFile());
        assertThat(actual).hasSameSizeAs(expected);
        for (int row = 0; row < expected.size(); row++) {
            for (String key : List.of("dataset", "backbone", "loss", "seeds", "ok", "metrics")) {
                assertThat(actual.get(row).get(key))
                        .as("row %d %s", row, key)
                        .isEqualTo(expected.get(row).get(key));
            }
        }
        try (Stream<Path> cells = Files.list(expectedDir.resolve("cells"))) {
            for (Path cell : cells.toList()) {
                Path mine =
                        actualDir.resolve("cells").resolve(cell.getFileName().toString());
                assertThat(Files.readAllBytes(mine.resolve("test_embeddings.npy")))
                        .as("%s test embeddings", cell.getFileName())
                        .isEqualTo(Files.readAllBytes(cell.resolve("test_embeddings.npy")));
                assertThat(Files.readAllLines(mine.resolve("metrics.jsonl")))
                        .as("%s epochs logged", cell.getFileName())
                        .hasSize(2);
            }
        }
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
