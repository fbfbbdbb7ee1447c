package io.dsml.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dsml.core.train.Checkpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a {@code dsml tune} process with SIGKILL in the middle of its second trial, resumes it with
 * {@code --resume}, and checks that the search ends exactly as an uninterrupted one: the same
 * proposals, the same fold scores, the same final test metrics.
 */
@Tag("slow")
class TuneResumeAfterKillTest {
    private static final String EXPERIMENT = """
            name: tune-kill
            dataset: {name: fashion-mnist-quickstart, split: retrieval}
            backbones: [{name: conv-2}]
            embedding: {dim: 8}
            losses: [{name: contrastive, label: pairs}]
            seeds: [1]
            training: {epochs: 2, batch_size: 32, max_steps_per_epoch: 6, checkpoint_every_steps: 3}
            evaluation: {metrics: [recall], folds: 2}
            tune:
              method: tpe
              trials: 2
              startup_trials: 2
              space:
                all:
                  training.learning_rate: {low: 0.0001, high: 0.01, scale: log}
                pairs:
                  params.neg_margin: {low: 0.3, high: 1.5}
            """;

    @Test
    void aKilledSearchResumesToTheUninterruptedResult(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("tune.yaml");
        Files.writeString(file, EXPERIMENT);
        // Every run is a process of its own, as users run them (see engines.md on in-JVM runs).
        Path reference = tmp.resolve("reference");
        assertThat(childExit(tmp, "tune", "--config", file.toString(), "--runs-dir", reference.toString(), "--quiet"))
                .isZero();

        Path killed = tmp.resolve("killed");
        Path log = tmp.resolve("child.log");
        Process child = ChildDsml.start(
                null,
                log,
                List.of(),
                List.of("tune", "--config", file.toString(), "--runs-dir", killed.toString(), "--quiet"));
        boolean midTrial = waitForCheckpointInTrial(killed, "trial-001", child);
        child.destroyForcibly(); // SIGKILL: no shutdown hooks
        child.waitFor();
        assertThat(midTrial)
                .as("saw trial 1 checkpointed mid-run; child: %s", Files.readString(log))
                .isTrue();

        Path root = QuickstartEndToEndTest.onlyRunDir(killed.resolve("tune-kill"));
        assertThat(root.resolve("final/results.md")).doesNotExist();
        assertThat(childExit(tmp, "tune", "--resume", root.toString(), "--quiet"))
                .isZero();

        Path expected = QuickstartEndToEndTest.onlyRunDir(reference.resolve("tune-kill"));
        assertThat(Files.readString(root.resolve("tune/pairs/trials.csv")))
                .isEqualTo(Files.readString(expected.resolve("tune/pairs/trials.csv")));
        ObjectMapper json = new ObjectMapper();
        for (int fold = 0; fold < 2; fold++) {
            String cell = "final/pairs/cells/conv-2__pairs__seed1__fold" + fold + "/result.json";
            assertThat(json.readTree(root.resolve(cell).toFile()).get("metrics"))
                    .isEqualTo(json.readTree(expected.resolve(cell).toFile()).get("metrics"));
        }
    }

    /** Runs dsml in a child JVM to its end; its exit code (its output goes to a log in {@code tmp}). */
    private static int childExit(Path tmp, String... args) throws Exception {
        Path log = Files.createTempFile(tmp, "child", ".log");
        int code = ChildDsml.run(log, List.of(args));
        if (code != 0) {
            System.err.println(Files.readString(log));
        }
        return code;
    }

    /** Polls until a checkpoint of the given trial sits inside its training, or the child ends. */
    private static boolean waitForCheckpointInTrial(Path runs, String trial, Process child) throws Exception {
        long deadline = System.nanoTime() + 900_000_000_000L;
        while (child.isAlive() && System.nanoTime() < deadline) {
            for (Path checkpoint : checkpoints(runs, trial)) {
                try {
                    if (Checkpoint.peek(checkpoint).stepsInEpoch() > 0) {
                        return true;
                    }
                } catch (RuntimeException renamedMeanwhile) {
                    // being replaced; look again
                }
            }
            Thread.sleep(5);
        }
        return false;
    }

    private static List<Path> checkpoints(Path runs, String trial) throws Exception {
        if (!Files.exists(runs)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(runs)) {
            return files.filter(f -> f.toString().contains("/" + trial + "/")
                            && f.getFileName().toString().equals("checkpoint.bin"))
                    .toList();
        } catch (java.io.UncheckedIOException goneMeanwhile) {
            return List.of(); // a temporary file renamed during the walk; look again
        }
    }
}
