package io.dsml.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Expected failures: one line on stderr, exit code 2, no stack trace, no run directory. */
class BadInputTest {
    @TempDir
    Path runs;

    private CliRun reproduce(String... extra) {
        String[] args = new String[extra.length + 4];
        args[0] = "reproduce";
        args[1] = "quickstart";
        args[2] = "--runs-dir";
        args[3] = runs.toString();
        System.arraycopy(extra, 0, args, 4, extra.length);
        return CliRun.of(args);
    }

    private void assertInputError(CliRun run, String message) {
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().strip()).isEqualTo("dsml: " + message);
        assertThat(run.err()).doesNotContain("\tat ");
        assertThat(runs).isEmptyDirectory();
    }

    @Test
    void unknownLoss() {
        assertInputError(reproduce("--set", "losses[0].name=nope"),
                "losses[0].name: unknown loss 'nope'; known: arcface, center, contrastive, cosface, lifted-structure,"
                        + " multi-similarity, normalized-softmax, npair, proxy-anchor, proxy-nca, softmax, triplet, vmf");
    }

    @Test
    void unknownBackbone() {
        assertInputError(reproduce("--set", "backbones[0].name=vgg"),
                "backbones[0].name: unknown backbone 'vgg'; known: bn-inception, conv-1, conv-2, conv-3, conv-4, "
                        + "googlenet, resnet18, resnet34, resnet50");
    }

    @Test
    void nonPositiveKappa() {
        assertInputError(reproduce("--set", "losses[0].params.kappa=0"),
                "losses[0].params.kappa: 0.0 is outside (0, inf)");
    }

    @Test
    void invalidTrainingValue() {
        assertInputError(reproduce("--set", "training.batch_size=1"),
                "experiments/quickstart.yaml: training.batch_size: must be >= 2");
    }

    @Test
    void unreadableConfig() throws Exception {
        Path bad = Files.writeString(runs.resolve("../bad-config.yaml"), "name: x\ntraining: {epochz: 3}\n");
        CliRun run = CliRun.of("train", "--config", bad.toString(), "--runs-dir", runs.toString());
        assertInputError(run, bad + ": unknown key 'training.epochz' (valid here: augment, batch_size, checkpoint_every_steps, "
                + "epochs, learning_rate, max_steps_per_epoch, momentum, optimizer, sampler, samples_per_class, weight_decay)");
        Path missing = runs.resolve("../missing.yaml");
        assertInputError(CliRun.of("train", "--config", missing.toString(), "--runs-dir", runs.toString()),
                missing + ": no such config file");
    }

    @Test
    void missingDataset() throws Exception {
        Path empty = Files.createDirectories(runs.resolve("../empty-data"));
        CliRun run = reproduce("--set", "dataset.name=fashion-mnist", "--data-dir", empty.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("fashion-mnist: train-images-idx3-ubyte.gz not found in [" + empty + "]")
                .contains("apt-get install dataset-fashion-mnist");
        assertThat(runs).isEmptyDirectory();
    }

    @Test
    void unknownExperimentAndUsageErrors() {
        assertInputError(CliRun.of("reproduce", "nope", "--runs-dir", runs.toString()),
                "unknown experiment 'nope'; shipped: quickstart, fashion-mnist-small-cnn, fashion-mnist-retrieval, "
                        + "cifar10-small-cnn, cub200, cars196, sop (or use 'dsml train --config FILE.yaml')");
        CliRun usage = CliRun.of("train", "--config", "x.yaml", "--bogus");
        assertThat(usage.exitCode()).isEqualTo(2);
        assertThat(usage.err()).contains("Unknown option: '--bogus'");
    }

    @Test
    void helpIsAvailableEverywhere() {
        for (String command : new String[] {"train", "reproduce"}) {
            CliRun run = CliRun.of(command, "--help");
            assertThat(run.exitCode()).isZero();
        }
        assertThat(CliRun.of("--help").exitCode()).isZero();
    }
}
