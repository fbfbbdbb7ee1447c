package io.dsml.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dsml.core.error.DsmlException;
import io.dsml.core.files.RunLock;
import io.dsml.core.train.Checkpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sends SIGTERM to a training process (a child JVM, as a user's kill or Ctrl-C would): it must stop
 * between two steps, save a checkpoint of exactly that position, close the engine, print how to
 * resume, and not crash (no hs_err file). While it trains, its run directory is locked against
 * another process.
 */
@Tag("slow")
class StopOnSignalTest {
    private static final String[] SETTINGS = {
        "--set", "training.epochs=2",
        "--set", "training.max_steps_per_epoch=25",
        "--set", "training.checkpoint_every_steps=3",
        "--set", "losses=[{name: softmax}]",
        "--quiet"
    };

    @Test
    void sigtermStopsBetweenStepsWithACheckpointAndSaysHowToResume(@TempDir Path tmp) throws Exception {
        Path runs = tmp.resolve("runs");
        Path childLog = tmp.resolve("child.log");
        List<String> args = new ArrayList<>(List.of("reproduce", "quickstart", "--runs-dir", runs.toString()));
        args.addAll(List.of(SETTINGS));
        Process child = ChildDsml.start(tmp, childLog, List.of(), args); // tmp: where an hs_err file would land
        Path checkpoint = waitForCheckpoint(runs, child);
        assertThat(checkpoint)
                .as("a checkpoint while training; child: %s", Files.readString(childLog))
                .isNotNull();
        Path runDir = checkpoint.getParent().getParent().getParent();

        // another process cannot take the run directory meanwhile
        Assertions.assertThatThrownBy(() -> RunLock.acquire(runDir).close())
                .isInstanceOf(DsmlException.class)
                .hasMessage(runDir + ": another dsml process is using this run directory (it holds .lock); wait for"
                        + " it to finish, or stop it, then try again");

        child.destroy(); // SIGTERM
        assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String log = Files.readString(childLog);
        assertThat(child.exitValue()).as(log).isEqualTo(128 + 15);
        assertThat(log)
                .as("stopped cleanly")
                .contains("dsml: stopped by a signal in epoch ")
                .contains("continue with: dsml reproduce --resume " + runDir)
                .doesNotContain("SIGSEGV")
                .doesNotContain("\tat ");
        try (Stream<Path> files = Files.list(tmp)) {
            assertThat(files.map(f -> f.getFileName().toString())).noneMatch(f -> f.startsWith("hs_err"));
        }
        assertCheckpointHolds(checkpoint, log, "in epoch (\\d+) after step (\\d+) of it");

        CliRun resumed = CliRun.of("reproduce", "--resume", runDir.toString(), "--quiet");
        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        Path cell = checkpoint.getParent();
        assertThat(new ObjectMapper()
                        .readTree(cell.resolve("result.json").toFile())
                        .get("epochs")
                        .asInt())
                .isEqualTo(2);
        assertThat(Files.readAllLines(cell.resolve("metrics.jsonl"))).hasSize(2);
    }

    @Test
    void sigtermDuringARefreshOrEvaluationPassStopsBetweenItsBatches(@TempDir Path tmp) throws Exception {
        Path runs = tmp.resolve("runs");
        Path childLog = tmp.resolve("child.log");
        // one step an epoch, then a refresh pass over the 8,000 training images and an evaluation
        // pass: nearly all of an epoch is inference passes
        List<String> args = new ArrayList<>(List.of(
                "reproduce",
                "quickstart",
                "--runs-dir",
                runs.toString(),
                "--set",
                "training.epochs=3",
                "--set",
                "training.max_steps_per_epoch=1",
                "--set",
                "losses=[{name: vmf}]",
                "--quiet"));
        Process child = ChildDsml.start(tmp, childLog, List.of(), args);
        Path checkpoint = waitForCheckpoint(runs, child); // epoch 1 done: epoch 2's passes are under way
        assertThat(checkpoint).as("child: %s", Files.readString(childLog)).isNotNull();
        Path runDir = checkpoint.getParent().getParent().getParent();

        child.destroy(); // SIGTERM
        assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String log = Files.readString(childLog);
        assertThat(child.exitValue()).as(log).isEqualTo(128 + 15);
        assertThat(log)
                .contains(
                        "dsml: stop requested by a signal; training stops after the step or inference batch under way")
                .contains("dsml: stopped by a signal during a pass over ")
                .contains("continue with: dsml reproduce --resume " + runDir)
                .doesNotContain("\tat ");
        assertCheckpointHolds(checkpoint, log, "the checkpoint holds epoch (\\d+) after step (\\d+) of it");

        CliRun resumed = CliRun.of("reproduce", "--resume", runDir.toString(), "--quiet");
        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        assertThat(Files.readAllLines(checkpoint.getParent().resolve("metrics.jsonl")))
                .hasSize(3);
    }

    /** The log names (epoch, step) as {@code pattern}'s groups, and the checkpoint holds exactly that. */
    private static void assertCheckpointHolds(Path checkpoint, String log, String pattern) {
        Matcher where = Pattern.compile(pattern).matcher(log);
        assertThat(where.find()).as(log).isTrue();
        Checkpoint.Position saved = Checkpoint.peek(checkpoint);
        assertThat(saved.epochsDone() + 1).isEqualTo(Integer.parseInt(where.group(1)));
        assertThat(saved.stepsInEpoch()).isEqualTo(Integer.parseInt(where.group(2)));
    }

    /** Polls until the cell's first checkpoint exists (training is under way), or the child ends. */
    private static Path waitForCheckpoint(Path runs, Process child) throws Exception {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (child.isAlive() && System.nanoTime() < deadline) {
            if (Files.exists(runs)) {
                try (Stream<Path> files = Files.walk(runs)) {
                    List<Path> found = files.filter(
                                    f -> f.getFileName().toString().equals("checkpoint.bin"))
                            .toList();
                    if (!found.isEmpty()) {
                        return found.get(0);
                    }
                }
            }
            Thread.sleep(5);
        }
        return null;
    }
}
