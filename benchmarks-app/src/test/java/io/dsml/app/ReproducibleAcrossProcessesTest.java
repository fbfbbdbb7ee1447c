package io.dsml.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run gives the same numbers whichever JVM it runs in: the same cross-validated experiment
 * trained in this (test) JVM and in a fresh {@code dsml} process writes the same losses and the
 * same metrics for every cell, the second fold's included (state left by the first cell must not
 * reach the second).
 */
@Tag("slow")
class ReproducibleAcrossProcessesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String EXPERIMENT = """
            name: cv
            dataset: {name: fashion-mnist-quickstart, split: retrieval}
            backbones: [{name: conv-2}]
            embedding: {dim: 8}
            losses: [{name: contrastive, label: pairs, params: {neg_margin: 1.1414545314258302}}]
            seeds: [1]
            training: {epochs: 2, batch_size: 32, max_steps_per_epoch: 8, checkpoint_every_steps: 3, learning_rate: 0.0020178876054081714}
            evaluation: {metrics: [recall], folds: 2}
            """;

    @Test
    void aCrossValidatedRunInThisJvmMatchesTheSameRunAsAProcess(@TempDir Path tmp) throws Exception {
        assumeTrue(
                engineLibraryMappedBeforeDsml() == null,
                "an earlier test started the engine in this JVM without dsml's native initialisation: "
                        + engineLibraryMappedBeforeDsml());
        Path config = tmp.resolve("cv.yaml");
        Files.writeString(config, EXPERIMENT);
        Path inJvm = tmp.resolve("in-jvm");
        Path child = tmp.resolve("child");

        CliRun run = CliRun.of("train", "--config", config.toString(), "--runs-dir", inJvm.toString(), "--quiet");
        assertThat(run.exitCode()).as(run.err()).isZero();
        Path log = tmp.resolve("child.log");
        int exit = ChildDsml.run(
                log, List.of("train", "--config", config.toString(), "--runs-dir", child.toString(), "--quiet"));
        assertThat(exit).as(Files.readString(log)).isZero();

        for (int fold = 0; fold < 2; fold++) {
            String cell = "cells/conv-2__pairs__seed1__fold" + fold;
            Path mine = runDir(inJvm).resolve(cell);
            Path theirs = runDir(child).resolve(cell);
            assertThat(losses(mine)).as("fold %d's losses", fold).isEqualTo(losses(theirs));
            assertThat(metrics(mine)).as("fold %d's metrics", fold).isEqualTo(metrics(theirs));
        }
    }

    private static Path runDir(Path runs) throws Exception {
        try (Stream<Path> dirs = Files.list(runs.resolve("cv"))) {
            return dirs.findFirst().orElseThrow();
        }
    }

    private static JsonNode metrics(Path cell) throws Exception {
        return JSON.readTree(cell.resolve("result.json").toFile()).get("metrics");
    }

    /** Every epoch's line of metrics.jsonl (losses, metrics) without its timings. */
    private static List<JsonNode> losses(Path cell) throws Exception {
        List<JsonNode> epochs = new ArrayList<>();
        for (String line : Files.readAllLines(cell.resolve("metrics.jsonl"))) {
            ObjectNode epoch = (ObjectNode) JSON.readTree(line);
            epoch.remove(List.of("train_seconds", "eval_seconds"));
            epochs.add(epoch);
        }
        return epochs;
    }

    /**
     * The engine's own OpenBLAS, when something mapped it into this JVM before dsml loaded the
     * system BLAS (then this JVM computes differently whatever dsml does now); null otherwise.
     */
    private static String engineLibraryMappedBeforeDsml() throws Exception {
        Path maps = Path.of("/proc/self/maps");
        if (!Files.isReadable(maps)) {
            return null; // not Linux: no way to tell, so the run must match
        }
        try (Stream<String> lines = Files.lines(maps)) {
            return lines.map(line -> line.substring(line.lastIndexOf(' ') + 1))
                    .filter(path -> path.contains("libopenblas") && !path.startsWith("/usr/lib"))
                    .findFirst()
                    .orElse(null);
        }
    }
}
