package io.dsml.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dsml.core.files.RunLock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults around a run directory, through the real command line on tiny runs (one softmax cell,
 * two steps an epoch): resuming with other epochs or an edited config, damaged checkpoints and
 * logs, a locked or read-only directory, weights that overflow, sizes the engine cannot allocate.
 * Each case must end with one clear line (exit 2) or a correct result, never a trace, and never
 * present damaged or mixed state as a result.
 */
@Tag("slow")
class RunFaultsTest {
    private static final String CELL = "conv-2__softmax__seed1";

    @TempDir
    Path tmp;

    private static String[] tiny(String... head) {
        List<String> all = new ArrayList<>(List.of(head));
        all.addAll(List.of("--set", "training.max_steps_per_epoch=2", "--set", "losses=[{name: softmax}]", "--quiet"));
        return all.toArray(String[]::new);
    }

    /** A finished run of {@code epochs} epochs; returns its directory. */
    private Path finishedRun(String name, int epochs) throws Exception {
        Path runs = tmp.resolve(name);
        CliRun run = CliRun.of(
                tiny("reproduce", "quickstart", "--runs-dir", runs.toString(), "--set", "training.epochs=" + epochs));
        assertThat(run.exitCode()).as(run.err()).isZero();
        return QuickstartEndToEndTest.onlyRunDir(runs.resolve("quickstart"));
    }

    private static void assertOneClearLine(CliRun run, String... fragments) {
        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(2);
        // DJL's logger may print a line of its own when the collector finds an earlier test's model
        List<String> lines = run.err()
                .lines()
                .filter(l -> !l.matches("\\d\\d:\\d\\d:\\d\\d WARN .*"))
                .toList();
        assertThat(lines).as(run.err()).hasSize(1);
        assertThat(lines.get(0)).startsWith("dsml: ").contains(fragments);
        assertThat(run.err()).doesNotContain("\tat ");
    }

    private static JsonNode json(Path file) throws IOException {
        return new ObjectMapper().readTree(file.toFile());
    }

    private static CliRun resume(Path runDir, String... extra) {
        List<String> args = new ArrayList<>(List.of("reproduce", "--resume", runDir.toString(), "--quiet"));
        args.addAll(List.of(extra));
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void resumingWithMoreEpochsTrainsFinishedCellsOnAndFewerIsRefused() throws Exception {
        Path run = finishedRun("short", 1);
        Path result = run.resolve("cells").resolve(CELL).resolve("result.json");
        assertThat(json(result).get("epochs").asInt()).isEqualTo(1);

        CliRun longer = resume(run, "--set", "training.epochs=2");
        assertThat(longer.exitCode()).as(longer.err()).isZero();
        assertThat(json(result).get("epochs").asInt())
                .as("the finished cell was trained on")
                .isEqualTo(2);
        assertThat(Files.readAllLines(run.resolve("cells").resolve(CELL).resolve("metrics.jsonl")))
                .hasSize(2);
        // ... and ends exactly as a run of 2 epochs from the start
        Path straight = finishedRun("straight", 2);
        JsonNode expected = json(straight.resolve("results.json")).get(0).get("metrics");
        JsonNode actual = json(run.resolve("results.json")).get(0).get("metrics");
        for (String metric : List.of("accuracy", "recall@1")) {
            assertThat(actual.get(metric).get("mean").asDouble())
                    .as(metric)
                    .isEqualTo(expected.get(metric).get("mean").asDouble());
        }

        assertOneClearLine(
                resume(run, "--set", "training.epochs=1"),
                "--set training.epochs=1: the run was started with 2 epochs; a resumed run can only train longer");

        // resuming a finished run trains nothing and rewrites no config
        Path config = run.resolve("config.yaml");
        FileTime before = FileTime.fromMillis(1_000_000L);
        Files.setLastModifiedTime(config, before);
        CliRun again = resume(run);
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(Files.getLastModifiedTime(config)).isEqualTo(before);
        assertThat(json(result).get("epochs").asInt()).isEqualTo(2);
    }

    @Test
    void aResumeChecksWhatTheRunDirectoryHoldsBeforeWritingAnything() throws Exception {
        Path run = finishedRun("checked", 1);
        Path cell = run.resolve("cells").resolve(CELL);
        Path config = run.resolve("config.yaml");
        Path checkpoint = cell.resolve("checkpoint.bin");
        Path result = cell.resolve("result.json");
        String goodConfig = Files.readString(config);
        byte[] goodCheckpoint = Files.readAllBytes(checkpoint);
        String goodResult = Files.readString(result);

        // config.yaml edited between a kill and --resume
        Files.writeString(config, goodConfig.replace("learning_rate: 0.001", "learning_rate: 0.01"));
        Files.delete(result); // as if killed before the cell finished
        assertOneClearLine(
                resume(run), checkpoint + ": made with a different configuration than the run's config.yaml");
        assertThat(result).doesNotExist();
        Files.writeString(config, goodConfig);

        // a damaged checkpoint is never resumed from
        byte[] flipped = goodCheckpoint.clone();
        flipped[flipped.length / 2] ^= 0x01;
        Files.write(checkpoint, flipped);
        assertOneClearLine(
                resume(run), checkpoint + ": the checkpoint is damaged (its SHA-256 checksum does not match");
        assertThat(result).doesNotExist();
        Files.write(checkpoint, goodCheckpoint);

        // a damaged line in the metrics log: resume and report name file and line
        Path log = cell.resolve("metrics.jsonl");
        String goodLog = Files.readString(log);
        Files.writeString(log, "{\"epoch\": 1, garbage\n");
        assertOneClearLine(resume(run), log + " line 1: not the record of epoch 1 (the log was damaged)");
        Files.writeString(result, goodResult);
        Files.writeString(log, goodLog + "\u0000\u0007 not json\n");
        assertOneClearLine(CliRun.of("report", run.toString()), log + " line 2: not an epoch record");
        Files.writeString(log, goodLog);

        // a cell result that is not JSON
        Files.writeString(result, "{\"cellId\": ");
        assertOneClearLine(CliRun.of("report", run.toString()), result + ": not a cell result");
        assertThat(CliRun.of("report", run.toString()).err()).doesNotContain("REDACTED");
        Files.writeString(result, goodResult);

        // another process (here: another command of this JVM) holds the run directory
        try (RunLock held = RunLock.acquire(run)) {
            assertOneClearLine(resume(run), run + ": another dsml process is using this run directory");
            assertOneClearLine(CliRun.of("report", run.toString()), "another dsml process is using");
        }
        CliRun fine = resume(run);
        assertThat(fine.exitCode()).as(fine.err()).isZero();
        assertThat(Files.readString(result)).isEqualTo(goodResult);

        // a read-only run directory
        Files.delete(run.resolve(RunLock.FILE)); // so that the lock itself needs a new file
        assumeTrue(
                ReadOnlyDirs.make(run),
                "cannot make a directory read-only here (root without chattr): case not checked");
        try {
            assertOneClearLine(CliRun.of("report", run.toString()), run + ": cannot use this run directory: ");
            assertOneClearLine(resume(run), run + ": cannot use this run directory: ");
        } finally {
            ReadOnlyDirs.undo(run);
        }
    }

    @Test
    void weightsThatOverflowMarkTheCellDivergedAndTheRunGoesOn() throws Exception {
        Path runs = tmp.resolve("overflow");
        // weight decay 3e38 fits float32 and passes validation; the first update overflows the weights
        CliRun run = CliRun.of(
                "reproduce",
                "quickstart",
                "--runs-dir",
                runs.toString(),
                "--set",
                "training.max_steps_per_epoch=1",
                "--set",
                "training.epochs=1",
                "--set",
                "training.weight_decay=3e38",
                "--set",
                "losses=[{name: vmf}, {name: softmax}]");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out())
                .contains("[1/2] conv-2__vmf__seed1: DIVERGED (weights became NaN or infinite in epoch 1")
                .contains("[2/2] " + CELL + ": DIVERGED")
                .contains("the run goes on");
        Path runDir = QuickstartEndToEndTest.onlyRunDir(runs.resolve("quickstart"));
        for (JsonNode row : json(runDir.resolve("results.json"))) {
            assertThat(row.toString()).contains("diverged");
        }
    }

    /**
     * Whether the tests run on PyTorch, which has no 2^31-element limit: where MXNet refuses a
     * tensor's size, PyTorch's allocator refuses its memory.
     */
    private static boolean onPyTorch() {
        return "PyTorch".equals(ai.djl.engine.Engine.getDefaultEngineName());
    }

    @Test
    void sizesTheEngineCannotAllocateAreOneClearLine() throws Exception {
        Path runs = tmp.resolve("sizes");
        assertOneClearLine(
                CliRun.of(tiny(
                        "reproduce",
                        "quickstart",
                        "--runs-dir",
                        runs.toString(),
                        "--set",
                        "training.batch_size=100000")),
                "training.batch_size: 100000 is more than the training split's 8000 samples");
        assertThat(runs).doesNotExist();
        assertOneClearLine(
                CliRun.of(tiny(
                        "reproduce",
                        "quickstart",
                        "--runs-dir",
                        runs.toString(),
                        "--set",
                        "training.epochs=1",
                        "--set",
                        "embedding.dim=100000000")),
                onPyTorch()
                        ? new String[] {
                            "cell " + CELL + ": the engine could not allocate 1168.3 GiB for one tensor; reduce "
                                    + "training.batch_size, embedding.dim"
                        }
                        : new String[] {
                            "cell " + CELL + ": a tensor of ",
                            "elements is larger than the engine's limit of 2^31 - 1; reduce training.batch_size, "
                                    + "embedding.dim"
                        });
        try (Stream<Path> files = Files.walk(runs)) {
            assertThat(files.map(Path::getFileName).map(Path::toString))
                    .noneMatch(f -> f.startsWith("result") || f.endsWith(".tmp"));
        }
        try (Stream<Path> dirs = Files.list(runs.resolve("quickstart"))) {
            assertThat(dirs.toList())
                    .as("a failed start leaves no run directory")
                    .isEmpty();
        }
        assertOneClearLine(
                CliRun.of("backbones", "list", "conv-2", "--input", "3x100000x100000"),
                onPyTorch()
                        ? "conv-2 at 3x100000x100000: the engine could not allocate 1192.1 GiB for one tensor"
                        : "conv-2 at 3x100000x100000: a tensor of 320,000,000,000 elements is larger than the engine's "
                                + "limit");
        assertOneClearLine(
                CliRun.of("bench", "evaluate", "--n", "2000000000", "--dim", "4", "--k", "2"),
                "--n 2000000000 --dim 4: 8,000,000,000 values do not fit in one Java array");
        assertOneClearLine(
                CliRun.of("bench", "memory", "--cell", "7", "--epochs", "2"),
                "--cell 7: quickstart has 2 cell(s), numbered 0 to 1");
    }

    @Test
    void compareAppliesOverridesToTheComparedLossesAndValidatesThem() throws Exception {
        assertOneClearLine(
                CliRun.of("compare", "--losses", "vmf", "--config", "quickstart", "--set", "losses[0].params.kappa=0"),
                "experiments/quickstart.yaml: losses[0].params.kappa: 0.0 is outside (0, inf)");
        Path runs = tmp.resolve("compare");
        CliRun run = CliRun.of(
                "compare",
                "--losses",
                "vmf",
                "--config",
                "quickstart",
                "--runs-dir",
                runs.toString(),
                "--set",
                "losses[0].params.kappa=20",
                "--set",
                "losses[0].params.means=online", // no full refresh pass: quicker
                "--set",
                "losses[0].params.online_initial_per_class=4",
                "--set",
                "training.epochs=1",
                "--set",
                "training.max_steps_per_epoch=1",
                "--quiet");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("| conv-2 | vmf(kappa=20,means=online,online_initial_per_class=4) |");
    }
}
