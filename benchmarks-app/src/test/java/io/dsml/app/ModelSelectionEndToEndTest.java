package io.dsml.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * evaluation.select_split through the real command line: the cell trains on retrieval-val's
 * training classes, logs validation metrics every epoch, and reports the test metrics of the epoch
 * with the best validation Recall@1 together with the last epoch's.
 */
@Tag("slow")
class ModelSelectionEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void reportsTheTestMetricsOfTheBestValidationEpoch(@TempDir Path runs) throws Exception {
        Path cellDir = trainedCell(runs, """
                training:
                  epochs: 2
                  batch_size: 32
                  max_steps_per_epoch: 4
                  optimizer: adamw
                  weight_decay: 0.0001
                  schedule: {name: cosine, warmup_epochs: 1}
                  lr_multipliers: {loss: 100}
                  head_only_epochs: 1
                evaluation:
                  metrics: [recall, map_at_r]
                  select_split: retrieval-val
                """);
        List<JsonNode> epochs = Files.readAllLines(cellDir.resolve("metrics.jsonl")).stream()
                .map(ModelSelectionEndToEndTest::parse)
                .toList();
        assertThat(epochs)
                .hasSize(2)
                .allSatisfy(e ->
                        assertThat(e.has("val_recall@1") && e.has("recall@1")).isTrue());
        JsonNode best = epochs.get(0);
        for (JsonNode e : epochs) {
            if (e.get("val_recall@1").asDouble() >= best.get("val_recall@1").asDouble()) { // the later wins ties
                best = e;
            }
        }
        JsonNode metrics =
                JSON.readTree(cellDir.resolve("result.json").toFile()).get("metrics");
        assertThat(metrics.get("selected_epoch").asInt())
                .isEqualTo(best.get("epoch").asInt());
        assertThat(metrics.get("recall@1").asDouble())
                .isEqualTo(best.get("recall@1").asDouble());
        assertThat(metrics.get("map_at_r").asDouble())
                .isEqualTo(best.get("map_at_r").asDouble());
        assertThat(metrics.get("last_recall@1").asDouble())
                .isEqualTo(epochs.get(1).get("recall@1").asDouble());
        // 2 of the 5 training classes are held out for validation; test is classes 5-9
        assertThat(epochs.get(0).get("val_recall@1").asDouble()).isBetween(0.0, 1.0);
    }

    /**
     * The saved model and the test embeddings are the selected epoch's, not the last one's: the
     * model says which epoch it holds, the embeddings' manifest names it too, and evaluating the
     * saved test embeddings gives the reported (selected) Recall@1, which differs from the last
     * epoch's here.
     */
    @Test
    void theSavedModelAndTestEmbeddingsAreTheSelectedEpochs(@TempDir Path runs) throws Exception {
        Path cellDir = trainedCell(runs, SELECTING_THREE_EPOCHS);
        JsonNode metrics =
                JSON.readTree(cellDir.resolve("result.json").toFile()).get("metrics");
        int selected = metrics.get("selected_epoch").asInt();
        assertThat(metrics.get("recall@1").asDouble())
                .as("precondition: selection changes the numbers in this configuration")
                .isNotEqualTo(metrics.get("last_recall@1").asDouble());

        assertThat(JSON.readTree(cellDir.resolve("model/model.json").toFile())
                        .get("epoch")
                        .asInt())
                .isEqualTo(selected);
        JsonNode manifest =
                JSON.readTree(cellDir.resolve("test_embeddings.manifest.json").toFile());
        assertThat(manifest.get("epoch").asInt()).isEqualTo(selected);
        assertThat(manifest.get("cell").asText()).isEqualTo("conv-2__proxy-anchor__seed1");

        Path out = runs.resolve("eval.json");
        CliRun evaluate = CliRun.of(
                "evaluate",
                "--embeddings",
                cellDir.resolve("test_embeddings.npy").toString(),
                "--labels",
                cellDir.resolve("test_labels.npy").toString(),
                "--metrics",
                "recall",
                "--k",
                "1",
                "--json",
                out.toString());
        assertThat(evaluate.exitCode()).as(evaluate.err()).isZero();
        assertThat(JSON.readTree(out.toFile()).findValue("recall@1").asDouble())
                .isCloseTo(metrics.get("recall@1").asDouble(), org.assertj.core.api.Assertions.within(1e-9));
    }

    /**
     * Training on from a checkpoint starts from the best validation value the kept log holds: in
     * this configuration epoch 2 is best and epoch 3 worse (as in the test above), so after
     * training 2 epochs and then on to 3 the saved model must still be epoch 2's.
     */
    @Test
    void trainingOnKeepsTheSelectedEpochsModel(@TempDir Path runs) throws Exception {
        Path cellDir = trainedCell(runs, SELECTING_THREE_EPOCHS.replace("epochs: 3", "epochs: 2"));
        Path runDir = cellDir.getParent().getParent();
        assertThat(JSON.readTree(cellDir.resolve("model/model.json").toFile())
                        .get("epoch")
                        .asInt())
                .isEqualTo(2);
        CliRun longer = CliRun.of("train", "--resume", runDir.toString(), "--set", "training.epochs=3", "--quiet");
        assertThat(longer.exitCode()).as(longer.err()).isZero();
        JsonNode metrics =
                JSON.readTree(cellDir.resolve("result.json").toFile()).get("metrics");
        assertThat(metrics.get("selected_epoch").asInt()).isEqualTo(2);
        assertThat(JSON.readTree(cellDir.resolve("model/model.json").toFile())
                        .get("epoch")
                        .asInt())
                .isEqualTo(2);
        assertThat(JSON.readTree(
                                cellDir.resolve("test_embeddings.manifest.json").toFile())
                        .get("epoch")
                        .asInt())
                .isEqualTo(2);
    }

    /**
     * A run whose selected epoch's model was never saved (started by a dsml that saved only at the
     * end) gets the last epoch's model when it trains on, labelled as such, with a warning.
     */
    @Test
    void aSelectedEpochThatWasNeverSavedIsSaidAndTheModelLabelled(@TempDir Path runs) throws Exception {
        Path cellDir = trainedCell(runs, SELECTING_THREE_EPOCHS.replace("epochs: 3", "epochs: 2"));
        try (Stream<Path> files = Files.walk(cellDir.resolve("model"))) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
        CliRun longer = CliRun.of(
                "train",
                "--resume",
                cellDir.getParent().getParent().toString(),
                "--set",
                "training.epochs=3",
                "--quiet");
        assertThat(longer.exitCode()).as(longer.err()).isZero();
        assertThat(longer.err())
                .contains("dsml: warning: conv-2__proxy-anchor__seed1: the selected epoch 2 was not saved");
        assertThat(JSON.readTree(cellDir.resolve("model/model.json").toFile())
                        .get("epoch")
                        .asInt())
                .isEqualTo(3);
        assertThat(JSON.readTree(
                                cellDir.resolve("test_embeddings.manifest.json").toFile())
                        .get("epoch")
                        .asInt())
                .isEqualTo(3);
    }

    private static final String SELECTING_THREE_EPOCHS = """
            training:
              epochs: 3
              batch_size: 32
              max_steps_per_epoch: 3
              optimizer: adamw
              learning_rate: 0.01
              weight_decay: 0.0001
              lr_multipliers: {loss: 100}
            evaluation:
              metrics: [recall]
              select_split: retrieval-val
            """;

    /** Trains a proxy-anchor cell on retrieval with retrieval-val selection; returns its directory. */
    private static Path trainedCell(Path runs, String trainingAndEvaluation) throws Exception {
        Path config = runs.resolve("selection.yaml");
        Files.writeString(config, """
                name: selection
                dataset:
                  name: fashion-mnist-quickstart
                  split: retrieval
                  params: {validation_fraction: 0.4}
                backbones: [{name: conv-2}]
                embedding: {dim: 16}
                losses: [{name: proxy-anchor}]
                seeds: [1]
                """ + trainingAndEvaluation);
        CliRun run = CliRun.of("train", "--config", config.toString(), "--runs-dir", runs.toString(), "--quiet");
        assertThat(run.exitCode()).as(run.err()).isZero();
        try (Stream<Path> dirs = Files.list(runs.resolve("selection"))) {
            return dirs.findFirst().orElseThrow().resolve("cells/conv-2__proxy-anchor__seed1");
        }
    }

    @Test
    void choosingOnTheTestSplitIsRefused(@TempDir Path runs) {
        CliRun run = CliRun.of(
                "reproduce",
                "quickstart",
                "--runs-dir",
                runs.toString(),
                "--quiet",
                "--set",
                "evaluation.select_split=classification");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("evaluation.select_split").contains("never chosen on the test split");
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
