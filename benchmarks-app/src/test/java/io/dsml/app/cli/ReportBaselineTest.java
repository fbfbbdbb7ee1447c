package io.dsml.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dsml.app.CliRun;
import io.dsml.core.run.CellResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dsml report --baseline} on a run directory of finished cells (no training needed). */
class ReportBaselineTest {
    private static final double[] VMF = {0.9012, 0.9050, 0.8987, 0.9031, 0.9044};
    private static final double[] SOFTMAX = {0.8990, 0.9021, 0.8975, 0.9040, 0.9002};

    private static void writeCells(Path run, String loss, double[] accuracy) throws Exception {
        for (int i = 0; i < accuracy.length; i++) {
            String id = "conv-2__" + loss + "__seed" + (i + 1);
            Path dir = Files.createDirectories(run.resolve("cells").resolve(id));
            CellResult cell = new CellResult(
                    id,
                    "fmnist/classification",
                    "conv-2",
                    loss,
                    i + 1,
                    CellResult.OK,
                    "",
                    5,
                    10,
                    Map.of("accuracy", accuracy[i]));
            Files.writeString(dir.resolve("result.json"), new ObjectMapper().writeValueAsString(cell));
        }
    }

    @Test
    void reportComparesWithTheNamedBaseline(@TempDir Path runs) throws Exception {
        Path run = Files.createDirectories(runs.resolve("study/20260101-000000"));
        writeCells(run, "vmf", VMF);
        writeCells(run, "softmax-unnormalised", SOFTMAX);
        CliRun report = CliRun.of("report", run.toString(), "--baseline", "softmax-unnormalised");
        assertThat(report.exitCode()).as(report.err()).isZero();
        // SciPy ttest_rel(VMF, SOFTMAX): difference 0.00192, CI (-0.000461, 0.004301), p 0.0887
        assertThat(Files.readString(run.resolve("results.md")))
                .contains("test vs softmax-unnormalised")
                .contains("| paired t | +0.19 [-0.05, +0.43] p=0.089 |");
        assertThat(Files.readString(run.resolve("results.json"))).contains("\"test\" : \"paired\"");

        CliRun wrong = CliRun.of("report", run.toString(), "--baseline", "softmax-normalised");
        assertThat(wrong.exitCode()).isEqualTo(2);
        assertThat(wrong.err().strip())
                .contains("baseline 'softmax-normalised' names no cell group")
                .doesNotContain("\tat ");
    }
}
