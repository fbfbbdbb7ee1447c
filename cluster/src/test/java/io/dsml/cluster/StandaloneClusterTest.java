package io.dsml.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dsml.core.train.Checkpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The grid on a real standalone cluster started on 127.0.0.1 (Master, Worker and two executors,
 * each its own JVM): an executor killed in the middle of a cell, the job still finishing with the
 * plain run's exact results, the interrupted cell resumed from its checkpoint; and a run directory
 * the executors cannot write, refused before any cell starts.
 */
@Tag("slow")
class StandaloneClusterTest {
    @TempDir
    static Path tmp;

    private static StandaloneCluster cluster;
    private static boolean readOnlyDirectory;

    @BeforeAll
    static void startCluster() throws Exception {
        readOnlyDirectory = StandaloneCluster.mountNamespacesWork();
        Path readOnly = Files.createDirectories(tmp.resolve("read-only-runs"));
        cluster = StandaloneCluster.start(tmp.resolve("cluster"), 2, readOnlyDirectory ? readOnly : null);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static String[] submit(Path runs, String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "reproduce",
                "quickstart",
                "--spark",
                cluster.url(),
                "--runs-dir",
                runs.toString(),
                // two executors of one core each, one cell at a time on each
                "--spark-conf",
                "spark.executor.cores=1",
                "--spark-conf",
                "spark.cores.max=2",
                "--spark-conf",
                "spark.executor.memory=1g",
                "--spark-conf",
                "spark.driver.host=127.0.0.1",
                "--spark-conf",
                "spark.driver.bindAddress=127.0.0.1"));
        args.addAll(List.of(extra));
        args.addAll(Grid.SETTINGS);
        return args.toArray(String[]::new);
    }

    @Test
    void anExecutorKilledMidCellIsRecoveredAndTheResultsEqualThePlainRun() throws Exception {
        Path plain = Grid.plainRun();
        Path runs = tmp.resolve("runs");
        CompletableFuture<Cli> job = CompletableFuture.supplyAsync(() -> Cli.run(submit(runs)));

        String killed = killAnExecutorInTheMiddleOfACell(runs, job);
        Cli run = job.get(600, TimeUnit.SECONDS);
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        Path runDir = Grid.onlyRunDir(runs.resolve("quickstart"));
        Grid.assertSameResults(plain, runDir);
        assertThat(cluster.executorLogs()).contains("dsml: resuming cell " + killed + " from its checkpoint");
    }

    @Test
    void aRunDirectoryTheExecutorsCannotWriteIsRefusedBeforeAnyCell() throws Exception {
        assumeTrue(
                readOnlyDirectory,
                "skipped: 'unshare -m' is not permitted here, so no directory can be "
                        + "read-only for the executors alone");
        Path runs = tmp.resolve("read-only-runs");
        Cli run = Cli.run(submit(runs));
        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(2);
        assertThat(run.err().lines().filter(l -> l.startsWith("dsml:")).toList())
                .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .startsWith("dsml: run directory " + runs.resolve("quickstart"))
                .contains("cannot write in it")
                .contains("Read-only file system")
                .endsWith("the run directory must be on storage every executor sees and can write");
        try (Stream<Path> left = Files.walk(runs)) {
            assertThat(left.filter(p -> p.getFileName().toString().equals("cells") || p.endsWith("config.yaml")))
                    .isEmpty();
        }
    }

    /**
     * Waits until some cell has a checkpoint taken inside its training (not finished), finds the
     * executor that holds the cell's lock, and kills it with SIGKILL.
     *
     * @return the interrupted cell's id
     */
    private static String killAnExecutorInTheMiddleOfACell(Path runs, CompletableFuture<Cli> job) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(400);
        int midCell = 0;
        List<Long> holders = new ArrayList<>();
        while (System.nanoTime() < deadline && !job.isDone()) {
            for (Path cell : cellDirs(runs)) {
                Path checkpoint = cell.resolve("checkpoint.bin");
                if (!Files.exists(checkpoint) || Files.exists(cell.resolve("result.json"))) {
                    continue;
                }
                try {
                    Checkpoint.Position at = Checkpoint.peek(checkpoint);
                    if (at.epochsDone() == 0 && at.stepsInEpoch() == 0) {
                        continue;
                    }
                } catch (RuntimeException beingReplaced) {
                    continue;
                }
                midCell++;
                Long holder = LockHolders.pidHolding(cell.resolve(".lock"));
                holders.add(holder);
                if (holder != null && cluster.isExecutor(holder)) {
                    ProcessHandle.of(holder).ifPresent(ProcessHandle::destroyForcibly);
                    return cell.getFileName().toString();
                }
            }
            Thread.sleep(20);
        }
        Cli early = job.isDone() ? job.get() : null;
        throw new AssertionError("no cell was caught between two checkpoints (" + midCell + " sightings, lock holders "
                + holders.stream().distinct().toList() + ", executors " + cluster.executors() + "); job: "
                + (early == null ? "still running" : early.out() + early.err()));
    }

    /** The cell directories of the run(s) under {@code runs}, read level by level. */
    private static List<Path> cellDirs(Path runs) {
        List<Path> cells = new ArrayList<>();
        try {
            for (Path run : list(runs.resolve("quickstart"))) {
                cells.addAll(list(run.resolve("cells")));
            }
        } catch (java.io.IOException | java.io.UncheckedIOException notYet) {
            // the driver is still creating the directories
        }
        return cells;
    }

    private static List<Path> list(Path dir) throws java.io.IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(Files::isDirectory).toList();
        }
    }
}
