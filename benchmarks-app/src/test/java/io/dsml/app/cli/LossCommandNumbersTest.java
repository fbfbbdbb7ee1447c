package io.dsml.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.dsml.app.CliRun;
import io.dsml.evaluation.Npy;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dsml loss} values that depend on how the inputs are interpreted. */
class LossCommandNumbersTest {
    @TempDir
    Path dir;

    @Test
    void vmfCentersAreMeanDirectionsWhateverTheirLength() throws Exception {
        // z = (0.6, 0.8), label 0, mean directions along (1, 0) and (0, 1) given as (2, 0), (0, 5);
        // kappa 2: logits (1.2, 1.6), loss log(1 + e^0.4).
        Path e = dir.resolve("e.npy");
        Path l = dir.resolve("l.npy");
        Path c = dir.resolve("c.npy");
        Npy.writeFloat(e, new float[] {3, 4}, 1, 2);
        Npy.writeInt(l, new int[] {0});
        Npy.writeFloat(c, new float[] {2, 0, 0, 5}, 2, 2);
        CliRun run = CliRun.of(
                "loss",
                "--loss",
                "vmf",
                "--set",
                "kappa=2",
                "--embeddings",
                e.toString(),
                "--labels",
                l.toString(),
                "--centers",
                c.toString());
        assertThat(run.exitCode()).isZero();
        assertThat(Double.parseDouble(run.out().trim())).isCloseTo(Math.log(1 + Math.exp(0.4)), within(1e-5));
    }
}
