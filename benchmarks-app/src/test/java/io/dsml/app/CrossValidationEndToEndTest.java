package io.dsml.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dsml.core.data.ClassFolds;
import io.dsml.evaluation.Npy;
import io.dsml.evaluation.NpyArray;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * evaluation.folds through the real command line: every loss x seed becomes one cell per
 * class-disjoint fold, each trained on the other folds' classes and selected on its own, and the
 * results add the concatenated evaluation of the folds' models, checked here against Recall@1
 * computed by hand from the cells' saved test embeddings.
 */
@Tag("slow")
class CrossValidationEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyFoldIsACellAndTheConcatenationIsMeasured(@TempDir Path runs) throws Exception {
        Path config = runs.resolve("folds.yaml");
        Files.writeString(config, """
                name: folds
                dataset: {name: fashion-mnist-quickstart, split: retrieval}
                backbones: [{name: conv-2}]
                embedding: {dim: 8}
                losses: [{name: proxy-anchor}]
                seeds: [1]
                training: {epochs: 2, batch_size: 32, max_steps_per_epoch: 2}
                evaluation:
                  metrics: [recall, map_at_r]
                  folds: 2
                  fold_seed: 7
                """);
        CliRun run = CliRun.of("train", "--config", config.toString(), "--runs-dir", runs.toString(), "--quiet");
        assertThat(run.exitCode()).as(run.err()).isZero();
        Path runDir;
        try (Stream<Path> dirs = Files.list(runs.resolve("folds"))) {
            runDir = dirs.findFirst().orElseThrow();
        }
        // The retrieval split trains on classes 0-4: fold f holds out the classes the seed deals it.
        ClassFolds folds = ClassFolds.assign(5, 2, 7);
        float[][] parts = new float[2][];
        int[] labels = null;
        int rows = 0;
        for (int f = 0; f < 2; f++) {
            Path cell = runDir.resolve("cells/conv-2__proxy-anchor__seed1__fold" + f);
            JsonNode result = JSON.readTree(cell.resolve("result.json").toFile());
            assertThat(result.get("fold").asInt()).isEqualTo(f);
            assertThat(result.get("metrics").has("val_recall@1")).isTrue();
            assertThat(result.get("metrics").has("selected_epoch")).isTrue();
            JsonNode model = JSON.readTree(cell.resolve("model/model.json").toFile());
            assertThat(model.get("classes").asInt())
                    .as("fold %d trains on the other fold's classes only", f)
                    .isEqualTo(folds.trainingClasses(f).length);
            NpyArray embeddings = Npy.read(cell.resolve("test_embeddings.npy"));
            parts[f] = embeddings.asFloats();
            rows = embeddings.shape()[0];
            labels = Npy.read(cell.resolve("test_labels.npy")).asInts();
        }
        String results = Files.readString(runDir.resolve("results.md"));
        assertThat(results).contains("The folds' models concatenated").contains("(folds concatenated)");
        double expected = concatenatedRecallAt1(parts, rows, 8, labels);
        String row = results.lines()
                .filter(l -> l.contains("(folds concatenated)") && l.contains("proxy-anchor"))
                .findFirst()
                .orElseThrow();
        assertThat(row).contains(String.format(java.util.Locale.ROOT, "%.2f", 100 * expected));
    }

    @Test
    void foldsAndASelectionSplitAreRefusedTogether(@TempDir Path runs) {
        CliRun run = CliRun.of(
                "reproduce",
                "quickstart",
                "--runs-dir",
                runs.toString(),
                "--quiet",
                "--set",
                "evaluation.folds=3",
                "--set",
                "evaluation.select_split=retrieval-val");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("evaluation.folds").doesNotContain("Exception");
    }

    @Test
    void foldsOfASingleClassAreRefused(@TempDir Path runs) {
        CliRun run = CliRun.of("reproduce", "quickstart", "--runs-dir", runs.toString(), "--set", "evaluation.folds=6");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err())
                .contains("evaluation.folds: 6 folds of the 10 training classes")
                .contains("at most 5 folds");
        assertThat(runs.resolve("quickstart")).doesNotExist();
    }

    /** Recall@1 by its definition: each row's nearest other row by the mean of the parts' cosines. */
    private static double concatenatedRecallAt1(float[][] parts, int n, int dim, int[] labels) {
        int hits = 0;
        for (int q = 0; q < n; q++) {
            int nearest = -1;
            double best = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < n; j++) {
                if (j == q) {
                    continue;
                }
                double similarity = 0;
                for (float[] part : parts) {
                    similarity += cosine(part, q, j, dim);
                }
                if (similarity > best) {
                    best = similarity;
                    nearest = j;
                }
            }
            hits += labels[nearest] == labels[q] ? 1 : 0;
        }
        return (double) hits / n;
    }

    private static double cosine(float[] x, int a, int b, int dim) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int k = 0; k < dim; k++) {
            dot += x[a * dim + k] * x[b * dim + k];
            na += x[a * dim + k] * x[a * dim + k];
            nb += x[b * dim + k] * x[b * dim + k];
        }
        return dot / Math.sqrt(na * nb);
    }
}
