package io.dsml.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsml.app.CliRun;
import io.dsml.evaluation.Npy;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dsml loss} on inputs whose arrays the engine cannot hold (it counts an array's elements in
 * a signed 32-bit int): one line naming the file and the array, exit 2, no stack trace.
 */
class LossCommandSizesTest {
    @TempDir
    Path dir;

    private CliRun loss(String name, float[] e, int n, int d, int[] labels, String... settings) throws Exception {
        Path ePath = dir.resolve("e.npy");
        Path lPath = dir.resolve("l.npy");
        Npy.writeFloat(ePath, e, n, d);
        Npy.writeInt(lPath, labels);
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of(
                "loss", "--loss", name, "--embeddings", ePath.toString(), "--labels", lPath.toString()));
        for (String setting : settings) {
            args.add("--set");
            args.add(setting);
        }
        return CliRun.of(args.toArray(String[]::new));
    }

    private void assertOneLineError(CliRun run, String... parts) {
        assertThat(run.exitCode()).isEqualTo(2);
        String line = run.err()
                .lines()
                .filter(l -> l.startsWith("dsml: "))
                .findFirst()
                .orElse("");
        assertThat(line).contains(parts);
        assertThat(run.err()).doesNotContain("\tat ", "Exception");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void aLabelOfTwoBillionIsRefusedByEveryLossWithClassState() throws Exception {
        for (String name : new String[] {"vmf", "softmax", "arcface", "proxy-anchor", "center"}) {
            CliRun run = loss(name, new float[] {3, 4, 1, 0, 0, 1}, 3, 2, new int[] {0, 2_000_000_000, 0});
            assertOneLineError(
                    run,
                    "l.npy: label 2000000000 implies 2000000001 classes",
                    "class state [2000000001, 2] would hold 4000000002 values",
                    "renumber the labels");
        }
    }

    @Test
    void theLargestIntLabelDoesNotOverflowTheClassCount() throws Exception {
        CliRun run = loss("vmf", new float[] {1, 0}, 1, 1 + 1, new int[] {Integer.MAX_VALUE});
        assertOneLineError(run, "label 2147483647 implies 2147483648 classes");
    }

    @Test
    void pairLossesDoNotCareHowLargeALabelIs() throws Exception {
        // (0.6, 0.8), (0, 1) share a label, (1, 0) is the negative; margin 0.5: the two triplets
        // cost d_ap - d_an + 0.5 with d_ap = sqrt(0.4) and d_an = sqrt(0.8) resp. sqrt(2).
        float[] e = {3, 4, 1, 0, 0, 1};
        CliRun run = loss("triplet", e, 3, 2, new int[] {2_000_000_000, 7, 2_000_000_000}, "margin=0.5");
        assertThat(run.exitCode()).as(run.err()).isZero();
        double first = Math.sqrt(0.4) - Math.sqrt(0.8) + 0.5;
        double second = Math.max(0, Math.sqrt(0.4) - Math.sqrt(2) + 0.5);
        double expected = second > 0 ? (first + second) / 2 : first;
        assertThat(Double.parseDouble(run.out().trim()))
                .isCloseTo(expected, org.assertj.core.api.Assertions.within(1e-5));
    }

    @Test
    void aPairMatrixBeyondTheEngineLimitIsRefused() throws Exception {
        int n = 46_341; // n^2 = 2147488281 > 2^31 - 1
        float[] e = new float[n];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            e[i] = 1 + i;
            labels[i] = i % 2;
        }
        CliRun run = loss("contrastive", e, n, 1, labels);
        assertOneLineError(run, "e.npy: 46341 embeddings", "pair matrix [46341, 46341] would hold 2147488281 values");
    }
}
