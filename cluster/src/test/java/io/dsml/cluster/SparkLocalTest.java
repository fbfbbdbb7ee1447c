package io.dsml.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The grid on Spark in local mode ({@code --spark 'local[2]'}), and its bad input. */
@Tag("slow")
class SparkLocalTest {
    @Test
    void localModeGivesExactlyThePlainRunsResults(@TempDir Path runs) throws Exception {
        Path plain = Grid.plainRun();
        Cli run = Cli.run(Grid.args("reproduce", "quickstart", "--spark", "local[2]", "--runs-dir", runs.toString()));
        assertThat(run.exitCode()).as(run.err()).isZero();
        Path runDir = Grid.onlyRunDir(runs.resolve("quickstart"));
        Grid.assertSameResults(plain, runDir);
        assertThat(Files.readString(runDir.resolve("config.yaml")))
                .isEqualTo(Files.readString(plain.resolve("config.yaml")));
        assertThat(run.out()).contains("| conv-2 | vmf(means=online) | 2 |").contains("| conv-2 | softmax | 2 |");

        // --resume of a finished run trains nothing and starts no Spark job
        Cli resumed = Cli.run("reproduce", "--resume", runDir.toString(), "--spark", "local[2]");
        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        assertThat(resumed.out()).doesNotContain("spark: ").contains("| conv-2 | vmf(means=online) | 2 |");
        Grid.assertSameResults(plain, runDir);
    }

    @Test
    void aCellFailingOnEveryAttemptIsReportedWithItsIdAndTheOthersFinish(@TempDir Path runs) throws Exception {
        Cli run = Cli.run(
                "reproduce",
                "quickstart",
                "--spark",
                "local[2,2]", // two attempts per task
                "--runs-dir",
                runs.toString(),
                "--set",
                "losses=[{name: softmax}, {name: test-always-fails}]",
                "--set",
                "training.epochs=1",
                "--set",
                "training.max_steps_per_epoch=5",
                "--quiet");
        assertThat(run.exitCode()).as(run.err()).isZero();
        String failure = "conv-2__test-always-fails__seed1: java.lang.IllegalStateException: injected fault: "
                + "this test loss always fails";
        assertThat(run.out()).contains("failed: " + failure);
        assertThat(run.out()).contains("| conv-2 | test-always-fails | 0/1 (failed) |");
        Path runDir = Grid.onlyRunDir(runs.resolve("quickstart"));
        assertThat(Files.readString(runDir.resolve("results.md"))).contains("Failed: " + failure);
        JsonNode rows =
                new ObjectMapper().readTree(runDir.resolve("results.json").toFile());
        assertThat(rows.get(0).get("ok").asInt()).isEqualTo(1); // softmax finished
        assertThat(rows.get(1).get("failures").get(0).get("status").asText()).isEqualTo("failed");
        Path failed = runDir.resolve("cells/conv-2__test-always-fails__seed1");
        assertThat(failed.resolve("result.json")).doesNotExist(); // a resumed run tries it again
        assertThat(failed.resolve("error.txt")).content().contains("injected fault");
        assertThat(runDir.resolve("cells/conv-2__softmax__seed1/result.json")).exists();
    }

    @Test
    void anUnreachableMasterIsOneLineBeforeAnythingRuns(@TempDir Path runs) throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort(); // closed again: nothing listens there
        }
        Cli run = Cli.run(Grid.args(
                "reproduce", "quickstart", "--spark", "spark://127.0.0.1:" + port, "--runs-dir", runs.toString()));
        assertThat(run.exitCode()).isEqualTo(2);
        // one line from dsml (Spark may log a warning about the host's address before it)
        assertThat(dsmlLines(run.err()))
                .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .startsWith("dsml: --spark spark://127.0.0.1:" + port + ": cannot reach the Spark master (127.0.0.1:"
                        + port + ": Connection refused");
        assertThat(run.err()).doesNotContain("\tat ");
        assertThat(runs).isEmptyDirectory();

        Cli garbage =
                Cli.run(Grid.args("reproduce", "quickstart", "--spark", "nonsense://x", "--runs-dir", runs.toString()));
        assertThat(garbage.exitCode()).isEqualTo(2);
        assertThat(dsmlLines(garbage.err()))
                .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .isEqualTo("dsml: --spark nonsense://x: not a Spark master URL (local[N], local[N,F], "
                        + "spark://HOST:PORT, yarn, k8s://HOST:PORT)");
        assertThat(garbage.err()).doesNotContain("\tat ");
    }

    @Test
    void badSparkFlagsAreRefused() {
        Cli noMaster = Cli.run("reproduce", "quickstart", "--spark-conf", "spark.task.cpus=2");
        assertThat(noMaster.exitCode()).isEqualTo(2);
        assertThat(noMaster.err()).isEqualTo("dsml: --spark-conf needs --spark MASTER\n");
        Cli badConf = Cli.run("reproduce", "quickstart", "--spark", "local[1]", "--spark-conf", "nokey");
        assertThat(badConf.exitCode()).isEqualTo(2);
        assertThat(badConf.err()).startsWith("dsml: --spark-conf nokey: expected KEY=VALUE");
    }

    private static java.util.List<String> dsmlLines(String err) {
        return err.lines().filter(l -> l.startsWith("dsml:")).toList();
    }
}
