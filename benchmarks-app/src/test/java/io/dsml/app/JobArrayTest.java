package io.dsml.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A grid trained as a job array: {@code --cells 1/2} and {@code --cells 2/2} in two processes at
 * once into one run directory, then {@code dsml report}, gives exactly the plain run's results.
 */
@Tag("slow")
class JobArrayTest {
    /** Quickstart with 2 seeds (4 cells), short. */
    static final List<String> SMALL_GRID = List.of(
            "--set",
            "seeds=[1, 2]",
            "--set",
            "training.epochs=1",
            "--set",
            "training.max_steps_per_epoch=10",
            "--quiet");

    @Test
    void twoSharesInTwoProcessesThenReportEqualThePlainRun(@TempDir Path tmp) throws Exception {
        CliRun plain = CliRun.of(args(
                "reproduce", "quickstart", "--runs-dir", tmp.resolve("plain").toString()));
        assertThat(plain.exitCode()).as(plain.err()).isZero();
        Path plainDir = QuickstartEndToEndTest.onlyRunDir(tmp.resolve("plain/quickstart"));

        Path shared = tmp.resolve("shared");
        Process first = child(
                tmp.resolve("share1.log"),
                args("reproduce", "quickstart", "--run-dir", shared.toString(), "--cells", "1/2"));
        Process second = child(
                tmp.resolve("share2.log"),
                args("reproduce", "quickstart", "--run-dir", shared.toString(), "--cells", "2/2"));
        assertThat(first.waitFor(300, TimeUnit.SECONDS) && first.exitValue() == 0)
                .as(Files.readString(tmp.resolve("share1.log")))
                .isTrue();
        assertThat(second.waitFor(300, TimeUnit.SECONDS) && second.exitValue() == 0)
                .as(Files.readString(tmp.resolve("share2.log")))
                .isTrue();
        String logs = Files.readString(tmp.resolve("share1.log")) + Files.readString(tmp.resolve("share2.log"));
        assertThat(logs).doesNotContain("another process"); // the shares are disjoint
        // the share that finishes first leaves the grid to the other (1 or 2 of its cells still to
        // train, depending on how the two interleaved); the last one aggregates the grid
        assertThat(logs).containsPattern("share [12]/2: done; [12] cell\\(s\\) of the grid have no result yet");

        Files.deleteIfExists(shared.resolve("results.json")); // the last share aggregated; report rewrites it
        CliRun report = CliRun.of("report", shared.toString());
        assertThat(report.exitCode()).as(report.err()).isZero();
        assertThat(report.out()).contains("4 finished cell(s)").doesNotContain("missing");
        assertSameResults(plainDir, shared);
        assertThat(Files.readString(shared.resolve("config.yaml")))
                .isEqualTo(Files.readString(plainDir.resolve("config.yaml")));
    }

    @Test
    void reportNamesTheMissingCellsAndAShareWithOtherSettingsIsRefused(@TempDir Path tmp) throws Exception {
        Path shared = tmp.resolve("shared");
        CliRun one = CliRun.of(
                args("reproduce", "quickstart", "--run-dir", shared.toString(), "--cell", "conv-2__softmax__seed2"));
        assertThat(one.exitCode()).as(one.err()).isZero();
        assertThat(one.out())
                .contains("3 cell(s) of the grid have no result yet")
                .contains("dsml report " + shared);
        assertThat(shared.resolve("results.json")).doesNotExist();

        CliRun report = CliRun.of("report", shared.toString());
        assertThat(report.exitCode()).as(report.err()).isZero();
        assertThat(report.out())
                .contains("1 finished cell(s)")
                .contains("missing (3 cell(s) of the grid without a result): conv-2__vmf__seed1, "
                        + "conv-2__softmax__seed1, conv-2__vmf__seed2");
        assertThat(Files.readString(shared.resolve("results.md"))).contains("Missing (no result yet, 3 cell(s))");

        List<String> other = new ArrayList<>(
                List.of(args("reproduce", "quickstart", "--run-dir", shared.toString(), "--cells", "1/2")));
        other.addAll(List.of("--set", "training.epochs=2"));
        CliRun refused = CliRun.of(other.toArray(String[]::new));
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err())
                .startsWith("dsml: " + shared.resolve("config.yaml")
                        + ": this run directory holds another configuration (line ")
                .contains("epochs: 1");

        CliRun noDir = CliRun.of("reproduce", "quickstart", "--cells", "1/2", "--quiet");
        assertThat(noDir.exitCode()).isEqualTo(2);
        assertThat(noDir.err()).contains("give --run-dir DIR");
        CliRun badCell = CliRun.of("reproduce", "quickstart", "--run-dir", shared.toString(), "--cell", "nope");
        assertThat(badCell.exitCode()).isEqualTo(2);
        assertThat(badCell.err()).startsWith("dsml: --cell nope: no such cell; the grid has conv-2__vmf__seed1");
    }

    /** Same rows and metrics in results.json, same final test embeddings per cell. */
    static void assertSameResults(Path expectedDir, Path actualDir) throws Exception {
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
        try (var cells = Files.list(expectedDir.resolve("cells"))) {
            for (Path cell : cells.toList()) {
                Path mine =
                        actualDir.resolve("cells").resolve(cell.getFileName().toString());
                assertThat(Files.readAllBytes(mine.resolve("test_embeddings.npy")))
                        .as("%s test embeddings", cell.getFileName())
                        .isEqualTo(Files.readAllBytes(cell.resolve("test_embeddings.npy")));
            }
        }
    }

    private static String[] args(String... head) {
        List<String> all = new ArrayList<>(List.of(head));
        all.addAll(SMALL_GRID);
        return all.toArray(String[]::new);
    }

    private static Process child(Path log, String... args) throws Exception {
        return ChildDsml.start(null, log, List.of("-Xmx1g"), List.of(args));
    }
}
