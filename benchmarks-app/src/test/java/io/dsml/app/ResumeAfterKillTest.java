package io.dsml.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dsml.app.parallel.TestDevices;
import io.dsml.core.train.Checkpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a training process with SIGKILL in the middle of an epoch, resumes it, and checks that it
 * ends with exactly the metrics of an uninterrupted run with the same seed: on one device, and
 * with the batch split over two ({@code training.devices=[cpu(0), cpu(1)]}, see
 * DataParallelStep), whose replicas must all come back as they were.
 */
@Tag("slow")
class ResumeAfterKillTest {
    private static final String[] SETTINGS = {
        "--set", "training.epochs=4",
        "--set", "training.max_steps_per_epoch=40",
        "--set", "training.checkpoint_every_steps=7",
        "--set", "losses=[{name: vmf}, {name: vmf, label: vmf-online, params: {means: online}}]",
        "--quiet"
    };

    /**
     * One small cell (vMF online: mid-epoch accumulators) on two replicas (or the devices of
     * {@link TestDevices}), two short epochs.
     */
    private static final String[] TWO_DEVICE_SETTINGS = {
        "--set", "training.epochs=2",
        "--set", "training.max_steps_per_epoch=12",
        "--set", "training.batch_size=32",
        "--set", "training.checkpoint_every_steps=5",
        "--set", "training.devices=" + TestDevices.yaml(TestDevices.SEVERAL),
        "--set", "losses=[{name: vmf, label: vmf-online, params: {means: online}}]",
        "--quiet"
    };

    @Test
    void aResumedRunEndsExactlyLikeAnUninterruptedOne(@TempDir Path tmp) throws Exception {
        endsExactlyLikeAnUninterruptedRun(tmp, SETTINGS, 4, List.of("conv-2__vmf__seed1", "conv-2__vmf-online__seed1"));
    }

    @Test
    void aResumedTwoDeviceRunEndsExactlyLikeAnUninterruptedOne(@TempDir Path tmp) throws Exception {
        endsExactlyLikeAnUninterruptedRun(tmp, TWO_DEVICE_SETTINGS, 2, List.of("conv-2__vmf-online__seed1"));
    }

    private static void endsExactlyLikeAnUninterruptedRun(Path tmp, String[] settings, int epochs, List<String> cells)
            throws Exception {
        Path reference = tmp.resolve("reference");
        CliRun uninterrupted = CliRun.of(args(settings, "reproduce", "quickstart", "--runs-dir", reference.toString()));
        assertThat(uninterrupted.exitCode()).as(uninterrupted.err()).isZero();

        Path killed = tmp.resolve("killed");
        Path childLog = tmp.resolve("child.log");
        Process process =
                startChild(childLog, args(settings, "reproduce", "quickstart", "--runs-dir", killed.toString()));
        boolean midEpoch = waitForMidEpochCheckpoint(killed, process);
        process.destroyForcibly(); // SIGKILL on Unix: no shutdown hooks, no flushing
        process.waitFor();
        assertThat(midEpoch)
                .as(
                        "saw a checkpoint taken in the middle of an epoch before the run ended; child: %s",
                        Files.readString(childLog))
                .isTrue();

        Path runDir = QuickstartEndToEndTest.onlyRunDir(killed.resolve("quickstart"));
        assertThat(runDir.resolve("results.json")).doesNotExist();
        CliRun resumed = CliRun.of("reproduce", "--resume", runDir.toString(), "--quiet");
        assertThat(resumed.exitCode()).as(resumed.err()).isZero();

        JsonNode expected = results(QuickstartEndToEndTest.onlyRunDir(reference.resolve("quickstart")));
        JsonNode actual = results(runDir);
        assertThat(actual).hasSize(cells.size());
        for (int row = 0; row < cells.size(); row++) {
            for (String metric : List.of("accuracy", "recall@1")) {
                assertThat(actual.get(row)
                                .get("metrics")
                                .get(metric)
                                .get("mean")
                                .asDouble())
                        .as("%s of %s", metric, actual.get(row).get("loss").asText())
                        .isEqualTo(expected.get(row)
                                .get("metrics")
                                .get(metric)
                                .get("mean")
                                .asDouble());
            }
        }
        for (String cell : cells) {
            List<String> log =
                    Files.readAllLines(runDir.resolve("cells").resolve(cell).resolve("metrics.jsonl"));
            assertThat(log).hasSize(epochs);
            List<String> reference0 =
                    Files.readAllLines(QuickstartEndToEndTest.onlyRunDir(reference.resolve("quickstart"))
                            .resolve("cells")
                            .resolve(cell)
                            .resolve("metrics.jsonl"));
            for (int epoch = 0; epoch < epochs; epoch++) {
                assertThat(lossOf(log.get(epoch))).isEqualTo(lossOf(reference0.get(epoch)));
            }
        }
    }

    private static String[] args(String[] settings, String... head) {
        List<String> all = new ArrayList<>(List.of(head));
        all.addAll(List.of(settings));
        return all.toArray(String[]::new);
    }

    private static Process startChild(Path log, String... args) throws Exception {
        return ChildDsml.start(null, log, List.of(), List.of(args));
    }

    /**
     * Polls until some cell's checkpoint sits inside an epoch after the first, or the child ends.
     * The deadline only guards against a hung child: epoch 1 took over 120 s on PyTorch on a
     * loaded 2-core machine.
     */
    private static boolean waitForMidEpochCheckpoint(Path runs, Process process) throws Exception {
        long deadline = System.nanoTime() + 900_000_000_000L;
        while (process.isAlive() && System.nanoTime() < deadline) {
            for (Path checkpoint : checkpoints(runs)) {
                try {
                    Checkpoint.Position p = Checkpoint.peek(checkpoint);
                    if (p.epochsDone() >= 1 && p.stepsInEpoch() > 0) {
                        return true;
                    }
                } catch (RuntimeException renamedMeanwhile) {
                    // the file was being replaced; look again
                }
            }
            Thread.sleep(5);
        }
        return false;
    }

    private static List<Path> checkpoints(Path runs) throws Exception {
        if (!Files.exists(runs)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(runs)) {
            return files.filter(f -> f.getFileName().toString().equals("checkpoint.bin"))
                    .toList();
        }
    }

    private static JsonNode results(Path runDir) throws Exception {
        return new ObjectMapper().readTree(runDir.resolve("results.json").toFile());
    }

    private static double lossOf(String line) throws Exception {
        return new ObjectMapper().readTree(line).get("loss").asDouble();
    }
}
