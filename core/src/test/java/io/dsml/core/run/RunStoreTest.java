package io.dsml.core.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsml.core.config.CellPlan;
import io.dsml.core.config.ConfigLoader;
import io.dsml.core.config.ExperimentConfig;
import io.dsml.core.error.DsmlException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run directory's layout is a contract with old runs, scripts and the report: names are checked literally. */
class RunStoreTest {
    private static final String CONFIG = "{name: demo, dataset: {name: fashion-mnist-quickstart},"
            + " backbones: [{name: conv-2}], losses: [{name: softmax}], training: {epochs: 3}}";

    @Test
    void namesEveryFileOfTheLayout(@TempDir Path root) {
        RunStore store = RunStore.at(root);
        assertThat(root.relativize(store.configFile())).hasToString("config.yaml");
        assertThat(root.relativize(store.cellsDir())).hasToString("cells");
        assertThat(root.relativize(store.resultsMarkdown())).hasToString("results.md");
        assertThat(root.relativize(store.resultsCsv())).hasToString("results.csv");
        assertThat(root.relativize(store.resultsJson())).hasToString("results.json");
        CellFiles cell = store.cell("conv-2__softmax__seed1");
        Map<Path, String> names = Map.of(
                cell.dir(), "",
                cell.result(), "result.json",
                cell.checkpoint(), "checkpoint.bin",
                cell.metrics(), "metrics.jsonl",
                cell.testEmbeddings(), "test_embeddings.npy",
                cell.testLabels(), "test_labels.npy",
                cell.testLogits(), "test_logits.npy",
                cell.model(), "model",
                cell.lock(), ".lock",
                cell.error(), "error.txt");
        names.forEach((file, name) -> assertThat(root.relativize(file))
                .hasToString("cells/conv-2__softmax__seed1" + (name.isEmpty() ? "" : "/" + name)));
        assertThat(root).isEmptyDirectory(); // naming creates nothing
    }

    @Test
    void createsACellDirectoryOnlyForAPlainId(@TempDir Path root) {
        RunStore store = RunStore.at(root);
        assertThat(store.createCell("a__b__seed1").dir()).isDirectory();
        assertThatThrownBy(() -> store.createCell("../escape"))
                .isInstanceOf(DsmlException.class)
                .hasMessageContaining("cell id");
        assertThat(root.resolve("escape")).doesNotExist();
    }

    @Test
    void aResultIsWrittenAtomicallyAndReadBack(@TempDir Path root) throws Exception {
        CellFiles cell = RunStore.at(root).createCell("c1");
        CellResult result = result("c1", CellResult.OK, 3);
        cell.writeResult(result);
        assertThat(cell.hasResult()).isTrue();
        assertThat(cell.readResult()).isEqualTo(result);
        try (Stream<Path> files = Files.list(cell.dir())) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactly("result.json");
        }
    }

    @Test
    void aDamagedResultIsOneLineNamingTheFile(@TempDir Path root) throws Exception {
        CellFiles cell = RunStore.at(root).createCell("c1");
        Files.writeString(cell.result(), "{\"cellId\": ");
        assertThatThrownBy(cell::readResult)
                .isInstanceOf(DsmlException.class)
                .hasMessageStartingWith(cell.result() + ": not a cell result")
                .hasMessageEndingWith("delete it to train the cell again");
    }

    @Test
    void finishedResultsFollowTheGridAndLeaveOutCellsTrainedShorter(@TempDir Path root) {
        RunStore store = RunStore.at(root);
        store.createCell("b").writeResult(result("b", CellResult.OK, 3));
        store.createCell("a").writeResult(result("a", CellResult.DIVERGED, 0));
        store.createCell("c").writeResult(result("c", CellResult.OK, 2)); // resumed to train longer
        store.createCell("d"); // not finished
        List<CellPlan> grid = Stream.of("d", "c", "b", "a")
                .map(id -> new CellPlan(id, null, null, null, null, 1))
                .toList();
        assertThat(store.finishedResults(grid, 3))
                .extracting(CellResult::cellId)
                .containsExactly("b", "a");
        assertThat(store.finishedResultsInDirectoryOrder(3))
                .extracting(CellResult::cellId)
                .containsExactly("a", "b");
        assertThat(store.finishedResultsInDirectoryOrder(null))
                .extracting(CellResult::cellId)
                .containsExactly("a", "b", "c");
    }

    @Test
    void theMetricsLogKeepsTheEpochsTheCheckpointCovers(@TempDir Path root) throws Exception {
        CellFiles cell = RunStore.at(root).createCell("c1");
        Files.writeString(cell.metrics(), "{\"epoch\":1}\n{\"epoch\":2}\n{\"epoch\":3,\"loss\":1.0}\n");
        cell.keepFirstMetricsLines(2);
        assertThat(cell.metrics()).hasContent("{\"epoch\":1}\n{\"epoch\":2}\n");
        cell.keepFirstMetricsLines(0);
        assertThat(cell.metrics()).hasContent("");

        Files.writeString(cell.metrics(), "{\"epoch\":1}\n{\"epo\n");
        assertThatThrownBy(() -> cell.keepFirstMetricsLines(2))
                .isInstanceOf(DsmlException.class)
                .hasMessageStartingWith(cell.metrics() + " line 2: not the record of epoch 2");
    }

    @Test
    void theConfigIsRecordedOnceAndReadBack(@TempDir Path root) {
        RunStore store = RunStore.at(root);
        assertThat(store.readConfig()).isNull();
        assertThat(store.looksLikeRun()).isFalse();
        ExperimentConfig config = load(CONFIG);
        store.writeConfig(config, false);
        store.writeConfig(config, false); // a second share of the same run
        assertThat(store.readConfig()).isEqualTo(config);
        assertThat(store.looksLikeRun()).isTrue();
        ExperimentConfig longer = load(CONFIG.replace("epochs: 3", "epochs: 5"));
        assertThatThrownBy(() -> store.writeConfig(longer, false))
                .isInstanceOf(DsmlException.class)
                .hasMessageStartingWith(store.configFile() + ": this run directory holds another configuration (line ");
        store.writeConfig(longer, true); // a resume that trains longer
        assertThat(store.readConfig().training().epochs()).isEqualTo(5);
        assertThat(root.toFile().list()).containsExactly("config.yaml");
    }

    @Test
    void resultsFilesAreWrittenWhole(@TempDir Path root) {
        RunStore store = RunStore.at(root);
        store.writeResults("# md\n", "csv\n", "{}\n");
        assertThat(store.resultsMarkdown()).hasContent("# md\n");
        assertThat(store.resultsCsv()).hasContent("csv\n");
        assertThat(store.resultsJson()).hasContent("{}\n");
        assertThat(root.toFile().list()).containsExactlyInAnyOrder("results.md", "results.csv", "results.json");
    }

    private static CellResult result(String id, String status, int epochs) {
        return new CellResult(id, "d/s", "conv-2", "softmax", 1, status, "", epochs, 1.5, Map.of("recall@1", 0.5));
    }

    private static ExperimentConfig load(String yaml) {
        return new ConfigLoader()
                .load("test.yaml", new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), List.of());
    }
}
