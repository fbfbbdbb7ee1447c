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
 * Trains conv-2 with vMF and with softmax for 4 epochs (about 250 steps each) on the bundled data,
 * through the real command line, and checks both learn far beyond chance (10%).
 */
@Tag("slow")
class QuickstartEndToEndTest {
    @Test
    void bothLossesLearnOnTheBundledData(@TempDir Path runs) throws Exception {
        CliRun run = CliRun.of(
                "reproduce",
                "quickstart",
                "--runs-dir",
                runs.toString(),
                "--quiet",
                "--set",
                "training.epochs=4",
                "--set",
                "evaluation.metrics=[accuracy,recall,ece,nll]",
                "--baseline",
                "softmax");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("| conv-2 | vmf |").contains("| conv-2 | softmax |");

        Path runDir = onlyRunDir(runs.resolve("quickstart"));
        JsonNode rows =
                new ObjectMapper().readTree(runDir.resolve("results.json").toFile());
        assertThat(rows).hasSize(2);
        for (JsonNode row : rows) {
            assertThat(row.get("metrics").get("accuracy").get("mean").asDouble())
                    .as(row.get("loss").asText())
                    .isGreaterThan(0.7);
            assertThat(row.get("metrics").get("recall@1").get("mean").asDouble())
                    .isGreaterThan(0.7);
        }
        for (JsonNode row : rows) {
            // calibration of both posteriors, measured and in range; vs softmax: one seed, so n/a
            assertThat(row.at("/metrics/ece/mean").asDouble()).isBetween(0.0, 0.5);
            assertThat(row.at("/metrics/nll/mean").asDouble()).isBetween(0.05, 2.3);
            assertThat(row.at("/metrics/accuracy/vs_baseline/test").asText()).isIn("baseline", "n/a");
        }
        assertThat(runDir.resolve("plots/reliability-conv-2__vmf__seed1.png")).isNotEmptyFile();
        assertThat(runDir.resolve("plots/reliability-conv-2__softmax__seed1.png"))
                .isNotEmptyFile();
        assertThat(runDir.resolve("cells/conv-2__vmf__seed1/test_logits.npy")).isNotEmptyFile();
        assertThat(runDir.resolve("results.md")).exists();
        assertThat(runDir.resolve("results.csv")).exists();
        assertThat(runDir.resolve("config.yaml")).exists();
        assertThat(runDir.resolve("plots/loss.png")).isNotEmptyFile();
        assertThat(runDir.resolve("plots/accuracy.png")).isNotEmptyFile();
        assertThat(runDir.resolve("plots/embeddings-conv-2_vmf.png")).isNotEmptyFile();
        assertThat(runDir.resolve("cells/conv-2__vmf__seed1/test_embeddings.npy"))
                .isNotEmptyFile();

        // dsml report rebuilds the same table from the finished cells
        String table = Files.readString(runDir.resolve("results.csv"));
        Files.delete(runDir.resolve("results.csv"));
        CliRun report = CliRun.of("report", runDir.toString());
        assertThat(report.exitCode()).as(report.err()).isZero();
        assertThat(Files.readAllLines(runDir.resolve("results.csv")))
                .containsExactlyInAnyOrderElementsOf(table.lines().toList());

        Path vmfLog = runDir.resolve("cells/conv-2__vmf__seed1/metrics.jsonl");
        List<String> epochs = Files.readAllLines(vmfLog);
        assertThat(epochs).hasSize(4);
        assertThat(epochs.get(3))
                .contains("\"epoch\":4")
                .contains("\"refresh_seconds\"")
                .contains("\"class_kappa_estimate\"");
    }

    static Path onlyRunDir(Path experimentDir) throws Exception {
        try (Stream<Path> dirs = Files.list(experimentDir)) {
            List<Path> all = dirs.toList();
            assertThat(all).hasSize(1);
            return all.get(0);
        }
    }
}
