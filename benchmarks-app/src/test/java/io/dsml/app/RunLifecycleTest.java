package io.dsml.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsml.core.files.RunLock;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run directory's lifecycle through the real command line, on tiny runs (softmax, two seeds,
 * two steps an epoch): names that would escape the runs directory, checkpoints bound to their
 * cell, temporary files of a killed writer, locks between sharing and owning processes, a failed
 * report, a report asked of a directory that is no run.
 */
@Tag("slow")
class RunLifecycleTest {
    private static final String SEED1 = "conv-2__softmax__seed1";
    private static final String SEED2 = "conv-2__softmax__seed2";

    @TempDir
    Path tmp;

    private static String[] tiny(String... head) {
        return tiny(List.of(head));
    }

    /** The command in {@code head}, the tiny settings, then {@code after} (which may override them). */
    private static String[] tiny(List<String> head, String... after) {
        List<String> all = new ArrayList<>(head);
        all.addAll(List.of(
                "--set",
                "training.epochs=1",
                "--set",
                "training.max_steps_per_epoch=2",
                "--set",
                "losses=[{name: softmax}]",
                "--set",
                "seeds=[1, 2]",
                "--quiet"));
        all.addAll(List.of(after));
        return all.toArray(String[]::new);
    }

    private static void assertOneClearLine(CliRun run, String... fragments) {
        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(2);
        List<String> lines = run.err()
                .lines()
                .filter(l -> !l.matches("\\d\\d:\\d\\d:\\d\\d WARN .*")) // DJL's and dsml's loggers
                .filter(l ->
                        !l.matches("[A-Z][a-z]{2} \\d\\d, \\d{4} .*|WARNING: .*")) // the BLAS library's, once a JVM
                .toList();
        assertThat(lines).as(run.err()).hasSize(1);
        assertThat(lines.get(0)).startsWith("dsml: ").contains(fragments);
        assertThat(run.err()).doesNotContain("\tat ");
    }

    private static List<Path> children(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }

    @Test
    void namesThatWouldEscapeTheRunsDirectoryAreRefusedBeforeAnythingIsWritten() throws Exception {
        Path inner = tmp.resolve("x").resolve("inner");
        for (String name : List.of("..", ".")) {
            assertOneClearLine(
                    CliRun.of(tiny("reproduce", "quickstart", "--set", "name=" + name, "--runs-dir", inner.toString())),
                    "name: names the run's directory, so it cannot be '" + name + "'");
        }
        assertThat(children(tmp))
                .as("neither the runs directory nor anything beside it")
                .isEmpty();
    }

    @Test
    void aSwappedCheckpointIsRefusedAndAKilledWritersTemporariesGoWithTheNextResume() throws Exception {
        CliRun first = CliRun.of(tiny(
                "reproduce", "quickstart", "--runs-dir", tmp.resolve("runs").toString()));
        assertThat(first.exitCode()).as(first.err()).isZero();
        Path run = QuickstartEndToEndTest.onlyRunDir(tmp.resolve("runs").resolve("quickstart"));
        Path cell1 = run.resolve("cells").resolve(SEED1);
        Path cell2 = run.resolve("cells").resolve(SEED2);
        byte[] checkpoint1 = Files.readAllBytes(cell1.resolve("checkpoint.bin"));
        byte[] checkpoint2 = Files.readAllBytes(cell2.resolve("checkpoint.bin"));
        String result1 = Files.readString(cell1.resolve("result.json"));
        String result2 = Files.readString(cell2.resolve("result.json"));

        // the two cells' checkpoints swapped, as if both had been killed before finishing
        Files.write(cell1.resolve("checkpoint.bin"), checkpoint2);
        Files.write(cell2.resolve("checkpoint.bin"), checkpoint1);
        Files.delete(cell1.resolve("result.json"));
        Files.delete(cell2.resolve("result.json"));
        assertOneClearLine(
                CliRun.of("reproduce", "--resume", run.toString(), "--quiet"),
                cell1.resolve("checkpoint.bin") + ": not this cell's checkpoint (it belongs to cell " + SEED2 + ", not "
                        + SEED1 + "; was it copied or swapped?)");
        assertThat(cell1.resolve("result.json")).doesNotExist();
        Files.write(cell1.resolve("checkpoint.bin"), checkpoint1);
        Files.write(cell2.resolve("checkpoint.bin"), checkpoint2);
        Files.writeString(cell1.resolve("result.json"), result1);
        Files.writeString(cell2.resolve("result.json"), result2);

        // a SIGKILL during checkpoint (or result) writes leaves the writer's temporary files
        Path staleCheckpoint = cell1.resolve("checkpoint.bin.999999.1.tmp");
        Path staleResult = cell1.resolve("result.json.999999.12.tmp");
        Path usersFile = cell1.resolve("notes.1.2.tmp");
        Path otherCell = cell2.resolve("checkpoint.bin.999999.1.tmp");
        for (Path file : List.of(staleCheckpoint, staleResult, usersFile, otherCell)) {
            Files.writeString(file, "half");
        }
        CliRun longer = CliRun.of(
                "reproduce", "--resume", run.toString(), "--cell", SEED1, "--set", "training.epochs=2", "--quiet");
        assertThat(longer.exitCode()).as(longer.err()).isZero();
        assertThat(staleCheckpoint)
                .as("dsml's own temporary file of the resumed cell")
                .doesNotExist();
        assertThat(staleResult).doesNotExist();
        assertThat(usersFile).as("not a name dsml writes").exists();
        assertThat(otherCell).as("a cell this process did not train").exists();
    }

    @Test
    void aRunDirectoryOfAnOlderVersionResumesAndReportsUnderItsOwnCellIds() throws Exception {
        String label = "softmax on the raw embedding, " + "x".repeat(80); // longer than a short id keeps
        Path runs = tmp.resolve("runs");
        CliRun first = CliRun.of(tiny(
                List.of("reproduce", "quickstart", "--runs-dir", runs.toString()),
                "--set",
                "seeds=[1]",
                "--set",
                "losses[0].label=" + label));
        assertThat(first.exitCode()).as(first.err()).isZero();
        Path run = QuickstartEndToEndTest.onlyRunDir(runs.resolve("quickstart"));
        Path shortId = QuickstartEndToEndTest.onlyRunDir(run.resolve("cells"));
        assertThat(shortId.getFileName().toString()).matches("conv-2__softmax-[0-9a-f]{8}__seed1");

        // as an older version left it: the long id, a version-2 checkpoint, killed before its result
        Path longId = shortId.resolveSibling("conv-2__" + label.replaceAll("[^A-Za-z0-9_.=-]+", "_") + "__seed1");
        Files.move(shortId, longId);
        asVersion2(longId.resolve("checkpoint.bin"));
        Files.delete(longId.resolve("result.json"));
        Files.delete(run.resolve("results.json"));

        CliRun resumed = CliRun.of("reproduce", "--resume", run.toString(), "--quiet");
        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        assertThat(longId.resolve("result.json")).exists();
        assertThat(children(run.resolve("cells"))).containsExactly(longId);
        CliRun report = CliRun.of("report", run.toString());
        assertThat(report.exitCode()).as(report.err()).isZero();
        assertThat(report.out()).contains("1 finished cell(s)").doesNotContain("missing");
    }

    /** Rewrites a checkpoint's header as format version 2 wrote it: no cell id, no seed. */
    private static void asVersion2(Path checkpoint) throws Exception {
        byte[] rest;
        String magic;
        String fingerprint;
        try (var body = io.dsml.core.files.ChecksummedFile.open(checkpoint, "checkpoint", "")) {
            magic = body.readUTF();
            assertThat(body.readInt()).as("version").isEqualTo(3);
            fingerprint = body.readUTF();
            body.readUTF();
            body.readLong();
            rest = body.readAllBytes();
        }
        io.dsml.core.files.ChecksummedFile.write(checkpoint, "checkpoint", out -> {
            out.writeUTF(magic);
            out.writeInt(2);
            out.writeUTF(fingerprint);
            out.write(rest);
        });
    }

    @Test
    void sharesOwnersAndReportsOfARunDirectoryExcludeEachOther() throws Exception {
        Path shared = tmp.resolve("shared");
        Path heldCell = shared.resolve("cells").resolve(SEED1);
        Files.createDirectories(heldCell);
        // another process trains the only cell of share 1/2 (here: a lock of this JVM)
        try (FileChannel channel = FileChannel.open(
                        heldCell.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock held = channel.lock()) {
            CliRun share = CliRun.of(tiny("reproduce", "quickstart", "--run-dir", shared.toString(), "--cells", "1/2"));
            assertThat(share.exitCode()).as(share.err()).isZero();
            assertThat(share.out())
                    .contains("share 1/2: 1 of its cell(s) held elsewhere (another process is training " + SEED1
                            + "), not trained here")
                    .doesNotContain("share 1/2: done");
        }

        // a share (shared lock) trains in the directory: a resume of the whole run is refused
        try (RunLock share = RunLock.acquireShared(shared)) {
            assertOneClearLine(
                    CliRun.of("reproduce", "--resume", shared.toString(), "--quiet"),
                    shared + ": another dsml process is using this run directory");
            assertOneClearLine(CliRun.of("report", shared.toString()), "another dsml process is using");
        }
        // a resume owns the directory: a share is refused
        try (RunLock owner = RunLock.acquire(shared)) {
            assertOneClearLine(
                    CliRun.of(tiny("reproduce", "quickstart", "--run-dir", shared.toString(), "--cells", "2/2")),
                    shared + ": another dsml process is using this run directory");
        }

        // the report cannot be written at the end of training: exit 2, and no line announcing it
        Files.createDirectories(shared.resolve("report.html").resolve("keep"));
        CliRun full = CliRun.of(tiny("reproduce", "quickstart", "--run-dir", shared.toString()));
        assertOneClearLine(
                full,
                shared.resolve("report.html").toString(),
                "; the results are in " + shared.resolve("results.md"),
                "retry the report with 'dsml report " + shared + "'");
        assertThat(full.out()).doesNotContain("report " + shared.resolve("report.html"));
        assertThat(shared.resolve("results.md")).exists();

        // report on a directory that is no run writes nothing there
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertOneClearLine(CliRun.of("report", empty.toString()), empty + ": not a run directory");
        assertThat(children(empty)).isEmpty();
    }
}
