package io.dsml.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dsml.core.config.ConfigLoader;
import io.dsml.core.config.ExperimentConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * dsml tune through the real command line, on the embedded data: two losses, two random trials
 * each scored by the mean of two class-disjoint folds' validation Recall@1, then each loss's best
 * configuration trained with two seeds and compared; the trials never measure the test split, the
 * final runs do; a search that lost a cell's result (killed mid-trial) resumes, retraining only
 * that cell, to the same trials table.
 */
@Tag("slow")
class TuneEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String EXPERIMENT = """
            name: tune-demo
            dataset: {name: fashion-mnist-quickstart, split: retrieval}
            backbones: [{name: conv-2}]
            embedding: {dim: 8}
            losses: [{name: proxy-anchor}, {name: contrastive, label: pairs}]
            seeds: [1, 2]
            training: {epochs: 1, batch_size: 32, max_steps_per_epoch: 2}
            evaluation:
              metrics: [recall, map_at_r]
              folds: 2
              baseline: proxy-anchor
            tune:
              method: random
              trials: 2
              seed: 5
              space:
                all:
                  training.learning_rate: {low: 0.0001, high: 0.01, scale: log}
                proxy-anchor:
                  params.alpha: {low: 8, high: 64, scale: log}
                pairs:
                  params.neg_margin: {choices: [0.5, 1.0]}
            """;

    @Test
    void tunesEachLossComparesTheBestAndResumesAKilledTrial(@TempDir Path runs) throws Exception {
        Path file = runs.resolve("tune.yaml");
        Files.writeString(file, EXPERIMENT);
        CliRun run = CliRun.of("tune", "--config", file.toString(), "--runs-dir", runs.toString(), "--quiet");
        assertThat(run.exitCode()).as(run.err()).isZero();
        Path root;
        try (Stream<Path> dirs = Files.list(runs.resolve("tune-demo"))) {
            root = dirs.findFirst().orElseThrow();
        }
        for (String loss : List.of("proxy-anchor", "pairs")) {
            Path lossDir = root.resolve("tune").resolve(loss);
            List<String> csv = Files.readAllLines(lossDir.resolve("trials.csv"));
            assertThat(csv).hasSize(3); // header + 2 trials
            assertThat(csv.get(0)).contains("fold_0").contains("fold_1").contains("training.learning_rate");
            for (int n = 0; n < 2; n++) {
                String[] row = csv.get(n + 1).split(",");
                assertThat(row[1]).isEqualTo("complete");
                for (int f = 0; f < 2; f++) {
                    double recorded = Double.parseDouble(row[row.length - 3 + f]);
                    assertThat(recorded).isEqualTo(validationScore(lossDir, n, loss, f));
                }
            }
            assertThat(lossDir.resolve("plots/score-vs-training.learning_rate.png"))
                    .exists();
            ExperimentConfig best = new ConfigLoader().load(lossDir.resolve("best.yaml"), List.of());
            assertThat(best.seeds()).containsExactly(1L, 2L);
            assertThat(best.losses()).hasSize(1);
        }
        assertTrialsNeverMeasuredTheTestSplit(root);
        for (String loss : List.of("proxy-anchor", "pairs")) {
            Path finalCell = root.resolve("final/%s/cells/conv-2__%s__seed2__fold1".formatted(loss, loss));
            assertThat(metricNames(finalCell)).contains("recall@1", "map_at_r", "val_recall@1");
            assertThat(finalCell.resolve("test_embeddings.npy")).exists();
        }
        String comparison = Files.readString(root.resolve("final/results.md"));
        assertThat(comparison)
                .contains("proxy-anchor")
                .contains("pairs")
                .contains("The folds' models concatenated")
                .contains("paired t");
        assertThat(Files.readString(root.resolve("tune.md"))).contains("| pairs | 2 | 2 | 0 | 0 |");

        // A kill during trial 1 of the second loss: its fold-1 cell has no result yet.
        String before = Files.readString(root.resolve("tune/pairs/trials.csv"));
        Path killed = root.resolve("tune/pairs/trial-001/cells/conv-2__pairs__seed1__fold1");
        Files.delete(killed.resolve("result.json"));
        // And trial 1 of the first loss as a dsml that measured trials on the test split left it
        // when killed before its cells trained: its config.yaml lacks measure_test: false. It
        // resumes as it was, measuring the test split, to the same validation scores.
        String beforeOld = Files.readString(root.resolve("tune/proxy-anchor/trials.csv"));
        Path oldTrial = root.resolve("tune/proxy-anchor/trial-001");
        String written = Files.readString(oldTrial.resolve("config.yaml"));
        assertThat(written).contains("  measure_test: false\n");
        Files.writeString(oldTrial.resolve("config.yaml"), written.replace("  measure_test: false\n", ""));
        deleteRecursively(oldTrial.resolve("cells"));
        CliRun resumed = CliRun.of("tune", "--resume", root.toString());
        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        assertThat(killed.resolve("result.json")).exists();
        assertThat(metricNames(killed)).containsExactlyInAnyOrder("selected_epoch", "val_recall@1");
        assertThat(metricNames(oldTrial.resolve("cells/conv-2__proxy-anchor__seed1__fold1")))
                .contains("recall@1", "val_recall@1");
        assertThat(Files.readString(root.resolve("tune/proxy-anchor/trials.csv")))
                .isEqualTo(beforeOld);
        assertThat(resumed.out()).contains("already finished, skipped").contains("trial 1 of at most 2");
        String after = Files.readString(root.resolve("tune/pairs/trials.csv"));
        assertThat(after).isEqualTo(before);
    }

    @Test
    void anExperimentWithoutASearchOrWithoutHeldOutClassesIsRefusedInOneLine(@TempDir Path runs) throws Exception {
        CliRun noTune = CliRun.of("tune", "quickstart", "--runs-dir", runs.toString());
        assertThat(noTune.exitCode()).isEqualTo(2);
        assertThat(noTune.err()).contains("no tune: section").doesNotContain("Exception");
        Path file = runs.resolve("tune.yaml");
        Files.writeString(file, EXPERIMENT.replace("  folds: 2\n", ""));
        CliRun noFolds = CliRun.of("tune", "--config", file.toString(), "--runs-dir", runs.toString());
        assertThat(noFolds.exitCode()).isEqualTo(2);
        assertThat(noFolds.err()).contains("evaluation.folds").doesNotContain("Exception");
        assertThat(runs.resolve("tune-demo")).doesNotExist();
    }

    /** The shipped protocol's every space is valid: the check reaches the data, which is missing here. */
    @Test
    void theShippedProtocolIsCheckedBeforeAnythingIsWritten(@TempDir Path runs) throws Exception {
        Path empty = Files.createDirectory(runs.resolve("no-data"));
        CliRun run =
                CliRun.of("tune", "fashion-mnist-tuned", "--data-dir", empty.toString(), "--runs-dir", runs.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err())
                .contains(empty.toString())
                .doesNotContain("tune.space")
                .doesNotContain("Exception");
        assertThat(runs.resolve("fashion-mnist-tuned")).doesNotExist();
    }

    /**
     * MLRC's protocol: the search never sees the test split. No trial cell has a test metric in
     * its result or in any epoch of its log, nor test embeddings, nor a concatenated evaluation.
     */
    private static void assertTrialsNeverMeasuredTheTestSplit(Path root) throws Exception {
        for (String loss : List.of("proxy-anchor", "pairs")) {
            for (int n = 0; n < 2; n++) {
                Path trial = root.resolve("tune/%s/trial-%03d".formatted(loss, n));
                assertThat(Files.readString(trial.resolve("results.md"))).doesNotContain("concatenated");
                for (int f = 0; f < 2; f++) {
                    Path cell = trial.resolve("cells/conv-2__%s__seed1__fold%d".formatted(loss, f));
                    assertThat(metricNames(cell)).containsExactlyInAnyOrder("selected_epoch", "val_recall@1");
                    for (String line : Files.readAllLines(cell.resolve("metrics.jsonl"))) {
                        JsonNode epoch = JSON.readTree(line);
                        assertThat(epoch.has("val_recall@1")).as(line).isTrue();
                        assertThat(epoch.has("recall@1") || epoch.has("map_at_r"))
                                .as(line)
                                .isFalse();
                    }
                    assertThat(cell.resolve("test_embeddings.npy")).doesNotExist();
                    assertThat(cell.resolve("model")).isDirectory();
                }
            }
        }
    }

    private static void deleteRecursively(Path dir) throws Exception {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static List<String> metricNames(Path cell) throws Exception {
        List<String> names = new java.util.ArrayList<>();
        JSON.readTree(cell.resolve("result.json").toFile())
                .get("metrics")
                .fieldNames()
                .forEachRemaining(names::add);
        return names;
    }

    private static double validationScore(Path lossDir, int trial, String loss, int fold) throws Exception {
        Path cell = lossDir.resolve("trial-%03d/cells/conv-2__%s__seed1__fold%d".formatted(trial, loss, fold));
        JsonNode result = JSON.readTree(cell.resolve("result.json").toFile());
        return result.get("metrics").get("val_recall@1").asDouble();
    }
}
