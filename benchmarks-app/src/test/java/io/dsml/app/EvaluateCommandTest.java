package io.dsml.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dsml.evaluation.Npy;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluateCommandTest {
    @TempDir
    Path dir;

    private Path e;
    private Path l;

    @BeforeEach
    void writeInputs() {
        // Two tight pairs on the circle and one stray point of class 0:
        // 0:(1,0) c0, 1:(0.9,0.1) c0, 2:(0,1) c1, 3:(0.1,0.9) c1, 4:(-1,0.05) c0.
        e = dir.resolve("e.npy");
        l = dir.resolve("l.npy");
        Npy.writeFloat(e, new float[] {1, 0, 0.9f, 0.1f, 0, 1, 0.1f, 0.9f, -1, 0.05f}, 5, 2);
        Npy.writeInt(l, new int[] {0, 0, 1, 1, 0}, 5);
    }

    @Test
    void printsATableAndWritesJson() throws Exception {
        Path json = dir.resolve("out.json");
        CliRun run = CliRun.of(
                "evaluate",
                "--embeddings",
                e.toString(),
                "--labels",
                l.toString(),
                "--metrics",
                "recall,precision_at_1",
                "--k",
                "1,2",
                "--json",
                json.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("| recall@1 |").contains("| precision_at_1 |");
        JsonNode values = new ObjectMapper().readTree(json.toFile());
        // Nearest neighbours: 0->1 (hit), 1->0 (hit), 2->3 (hit), 3->2 (hit), 4->2 or 3 (miss: its
        // nearest by cosine is (0,1)/(0.1,0.9), both class 1) -> Recall@1 = 4/5.
        assertThat(values.get("recall@1").asDouble()).isEqualTo(0.8);
        assertThat(values.get("precision_at_1").asDouble()).isEqualTo(0.8);
        // Within two neighbours, point 4 still finds only class-1 points: Recall@2 = 4/5.
        assertThat(values.get("recall@2").asDouble()).isEqualTo(0.8);
    }

    @Test
    void logitsGiveAccuracyEceAndNll() throws Exception {
        // every row predicts class 0 with probability 0.9; three of four labels are 0
        float ln9 = (float) Math.log(9);
        Path logits = dir.resolve("logits.npy");
        Path labels = dir.resolve("y.npy");
        Npy.writeFloat(logits, new float[] {ln9, 0, ln9, 0, ln9, 0, ln9, 0}, 4, 2);
        Npy.writeInt(labels, new int[] {0, 0, 0, 1}, 4);
        Path json = dir.resolve("cal.json");
        CliRun run = CliRun.of(
                "evaluate", "--logits", logits.toString(), "--labels", labels.toString(), "--json", json.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("| ece |").contains("| nll |");
        JsonNode values = new ObjectMapper().readTree(json.toFile());
        assertThat(values.get("accuracy").asDouble()).isEqualTo(0.75);
        // 15 equal-mass bins of one sample each: gaps 0.1, 0.1, 0.1, 0.9, L2 mean
        assertThat(values.get("ece").asDouble())
                .isCloseTo(Math.sqrt(0.21), org.assertj.core.api.Assertions.within(1e-6));
        assertThat(values.get("nll").asDouble())
                .isCloseTo((3 * -Math.log(0.9) - Math.log(0.1)) / 4, org.assertj.core.api.Assertions.within(1e-6));
        assertThat(values.has("recall@1")).isFalse();

        CliRun neither = CliRun.of("evaluate", "--labels", labels.toString());
        assertThat(neither.exitCode()).isEqualTo(2);
        assertThat(neither.err().strip()).isEqualTo("dsml: give --embeddings, --logits or both");
        CliRun mismatch = CliRun.of("evaluate", "--logits", logits.toString(), "--labels", l.toString());
        assertThat(mismatch.exitCode()).isEqualTo(2);
        assertThat(mismatch.err()).contains("5 labels").doesNotContain("\tat ");
    }

    @Test
    void badInputIsOneLineAndExitTwo() throws Exception {
        Path nan = dir.resolve("nan.npy");
        Npy.writeFloat(nan, new float[] {1, 0, Float.NaN, 1}, 2, 2);
        Path twoLabels = dir.resolve("two.npy");
        Npy.writeInt(twoLabels, new int[] {0, 1}, 2);
        Path threeDim = dir.resolve("q3.npy");
        Npy.writeFloat(threeDim, new float[] {1, 0, 0}, 1, 3);
        Path oneLabel = dir.resolve("ql.npy");
        Npy.writeInt(oneLabel, new int[] {0}, 1);

        assertError(
                CliRun.of("evaluate", "--embeddings", nan.toString(), "--labels", twoLabels.toString()),
                nan.toString(),
                "row 1");
        assertError(
                CliRun.of("evaluate", "--embeddings", e.toString(), "--labels", twoLabels.toString()),
                twoLabels + ": 2 labels, but " + e + " has 5 rows");
        assertError(
                CliRun.of(
                        "evaluate",
                        "--embeddings",
                        e.toString(),
                        "--labels",
                        l.toString(),
                        "--query-embeddings",
                        threeDim.toString(),
                        "--query-labels",
                        oneLabel.toString()),
                "dimension 3 differs");
        assertError(CliRun.of("evaluate", "--embeddings", e.toString(), "--labels", l.toString(), "--k", "9"), "9");
        assertError(CliRun.of("evaluate", "--embeddings", e.toString(), "--labels", l.toString(), "--k", "0"), "0");
        assertError(
                CliRun.of(
                        "evaluate",
                        "--embeddings",
                        e.toString(),
                        "--labels",
                        l.toString(),
                        "--k",
                        "1",
                        "--json",
                        dir.resolve("no/such/dir/out.json").toString()),
                "cannot write");
        assertError(
                CliRun.of("evaluate", "--embeddings", e.toString(), "--labels", l.toString(), "--metrics", "auc"),
                "unknown metric 'auc'");
        assertError(
                CliRun.of("evaluate", "--embeddings", dir.resolve("none.npy").toString(), "--labels", l.toString()),
                "none.npy: no such file");
    }

    /** A named metric whose input is missing was left out of the table, which could be empty. */
    @Test
    void aNamedMetricWithoutItsInputIsRefused() throws Exception {
        Path logits = dir.resolve("logits.npy");
        Npy.writeFloat(logits, new float[] {1, 0, 0, 1, 1, 0, 0, 1, 1, 0}, 5, 2);
        Path json = dir.resolve("out.json");
        CliRun accuracy =
                CliRun.of("evaluate", "--embeddings", e.toString(), "--labels", l.toString(), "--metrics", "accuracy");
        assertError(accuracy, "dsml: --metrics: accuracy needs --logits");
        assertThat(accuracy.out()).doesNotContain("| metric |");
        assertError(
                CliRun.of(
                        "evaluate",
                        "--embeddings",
                        e.toString(),
                        "--labels",
                        l.toString(),
                        "--metrics",
                        "recall,nll",
                        "--json",
                        json.toString()),
                "nll needs --logits");
        assertThat(json).doesNotExist();
        assertError(
                CliRun.of("evaluate", "--logits", logits.toString(), "--labels", l.toString(), "--metrics", "nmi"),
                "dsml: --metrics: nmi needs --embeddings");
        assertError(
                CliRun.of("evaluate", "--logits", logits.toString(), "--labels", l.toString(), "--metrics", "nll,auc"),
                "unknown metric 'auc'");
        // the default asks for every metric whose input is given
        CliRun both = CliRun.of("evaluate", "--logits", logits.toString(), "--labels", l.toString());
        assertThat(both.exitCode()).as(both.err()).isZero();
        assertThat(both.out()).contains("| accuracy |", "| ece |", "| nll |").doesNotContain("recall");
    }

    private static void assertError(CliRun run, String... fragments) {
        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        assertThat(run.err()).startsWith("dsml: ").doesNotContain("\tat ");
        assertThat(run.err().strip().lines()).hasSize(1);
        for (String fragment : fragments) {
            assertThat(run.err()).contains(fragment);
        }
    }
}
