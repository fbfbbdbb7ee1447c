package io.dsml.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsml.evaluation.Npy;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dsml evaluate} where no query has another member of its class: one line naming the labels
 * file, exit 2, and no table of zeros (or JSON file) presented as a result.
 */
class EvaluateUndefinedMetricsTest {
    @TempDir
    Path dir;

    @Test
    void everyLabelOnceIsAnErrorNamingTheLabelsFile() throws Exception {
        Path e = dir.resolve("e.npy");
        Path l = dir.resolve("l.npy");
        Path json = dir.resolve("out.json");
        Npy.writeFloat(e, new float[] {1, 0, 0, 1, -1, 0}, 3, 2);
        Npy.writeInt(l, new int[] {4, 5, 6}, 3);
        CliRun run = CliRun.of(
                "evaluate", "--embeddings", e.toString(), "--labels", l.toString(), "--json", json.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().lines().filter(line -> line.startsWith("dsml: ")))
                .containsExactly("dsml: " + l + ": no query has another sample of its class in the set (3 queries),"
                        + " so recall, precision_at_1, r_precision and map_at_r are undefined");
        assertThat(run.err()).doesNotContain("\tat ");
        assertThat(run.out()).doesNotContain("0.0000", "1.0000");
        assertThat(Files.exists(json)).isFalse();
    }

    @Test
    void clusteringAloneIsRefusedWhenEveryQueryIsItsOwnClass() throws Exception {
        Path e = dir.resolve("e.npy");
        Path l = dir.resolve("l.npy");
        Npy.writeFloat(e, new float[] {1, 0, 0, 1, -1, 0}, 3, 2);
        Npy.writeInt(l, new int[] {4, 5, 6}, 3);
        CliRun run =
                CliRun.of("evaluate", "--embeddings", e.toString(), "--labels", l.toString(), "--metrics", "nmi,ami");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("dsml: " + l + ": every one of the 3 queries is a class of its own");
        assertThat(run.out()).doesNotContain("1.0000");
    }

    /** All-same labels printed recall, NMI and AMI of 1.0000. */
    @Test
    void oneClassForEverySampleIsAnErrorNamingTheLabelsFile() throws Exception {
        Path e = dir.resolve("e.npy");
        Path l = dir.resolve("l.npy");
        Npy.writeFloat(e, new float[] {1, 0, 0, 1, -1, 0}, 3, 2);
        Npy.writeInt(l, new int[] {4, 4, 4}, 3);
        CliRun all = CliRun.of("evaluate", "--embeddings", e.toString(), "--labels", l.toString(), "--k", "1");
        assertThat(all.exitCode()).isEqualTo(2);
        assertThat(all.err().strip())
                .isEqualTo(
                        "dsml: " + l + ": every sample of the set has the same class (4), so recall,"
                                + " precision_at_1, r_precision and map_at_r are trivially 1; give labels of at least two classes");
        assertThat(all.out()).doesNotContain("1.0000");
        CliRun clustering =
                CliRun.of("evaluate", "--embeddings", e.toString(), "--labels", l.toString(), "--metrics", "ami");
        assertThat(clustering.exitCode()).isEqualTo(2);
        assertThat(clustering.err()).contains("dsml: " + l + ": all 3 queries have the same class (4)");
    }

    @Test
    void queriesWithoutTheirClassInTheGalleryNameBothLabelFiles() throws Exception {
        Path e = dir.resolve("e.npy");
        Path l = dir.resolve("l.npy");
        Path q = dir.resolve("q.npy");
        Path ql = dir.resolve("ql.npy");
        Npy.writeFloat(e, new float[] {1, 0, 0, 1}, 2, 2);
        Npy.writeInt(l, new int[] {0, 0}, 2);
        Npy.writeFloat(q, new float[] {1, 0, 0, 1}, 2, 2);
        Npy.writeInt(ql, new int[] {1, 2}, 2);
        CliRun run = CliRun.of(
                "evaluate",
                "--embeddings",
                e.toString(),
                "--labels",
                l.toString(),
                "--query-embeddings",
                q.toString(),
                "--query-labels",
                ql.toString(),
                "--metrics",
                "precision_at_1");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("dsml: " + ql + " against " + l + ": no query has another sample");
    }
}
