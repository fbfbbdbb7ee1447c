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
        assertInputError(
                reproduce("--set", "losses[0].name=nope"),
                "experiments/quickstart.yaml: losses[0].name: unknown loss 'nope'; known: arcface, center, contrastive, cosface, lifted-structure,"
                        + " multi-similarity, normalized-softmax, npair, proxy-anchor, proxy-nca, softmax, triplet, vmf,"
                        + " vmf-scott; plugins: put a jar that lists its class in META-INF/services/io.dsml.core.spi.LossFactory"
                        + " on DSML_CLASSPATH (losses/README.md, 'A loss plugin in its own jar')");
    }

    @Test
    void baselineThatNamesNoLoss() {
        assertInputError(
                reproduce("--baseline", "triplet"),
                "experiments/quickstart.yaml: evaluation.baseline: baseline 'triplet' names no cell group; the loss labels are: vmf, softmax");
    }

    @Test
    void unknownBackbone() {
        assertInputError(
                reproduce("--set", "backbones[0].name=vgg"),
                "experiments/quickstart.yaml: backbones[0].name: unknown backbone 'vgg'; known: bn-inception, conv-1, conv-2, conv-3, conv-4, "
                        + "googlenet, googlenet-torchvision, resnet18, resnet34, resnet50; plugins: put a jar that lists its class in "
                        + "META-INF/services/io.dsml.core.spi.BackboneFactory on DSML_CLASSPATH (losses/README.md, "
                        + "'A loss plugin in its own jar')");
    }

    @Test
    void nonPositiveKappa() {
        assertInputError(
                reproduce("--set", "losses[0].params.kappa=0"),
                "experiments/quickstart.yaml: losses[0].params.kappa: 0.0 is outside (0, inf)");
    }

    @Test
    void invalidTrainingValue() {
        assertInputError(
                reproduce("--set", "training.batch_size=1"),
                "experiments/quickstart.yaml: training.batch_size: must be >= 2");
    }

    @Test
    void unreadableConfig() throws Exception {
        Path bad = Files.writeString(runs.resolve("../bad-config.yaml"), "name: x\ntraining: {epochz: 3}\n");
        CliRun run = CliRun.of("train", "--config", bad.toString(), "--runs-dir", runs.toString());
        assertInputError(
                run,
                bad + ": unknown key 'training.epochz' (valid here: augment, batch_size, checkpoint_every_steps, "
                        + "devices, epochs, head_only_epochs, learning_rate, lr_multipliers, max_steps_per_epoch, "
                        + "momentum, optimizer, sampler, samples_per_class, schedule, weight_decay)");
        Path missing = runs.resolve("../missing.yaml");
        assertInputError(
                CliRun.of("train", "--config", missing.toString(), "--runs-dir", runs.toString()),
                missing + ": no such config file");
    }

    @Test
    void missingDataset() throws Exception {
        Path empty = Files.createDirectories(runs.resolve("../empty-data"));
        CliRun run = reproduce("--set", "dataset.name=fashion-mnist", "--data-dir", empty.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err())
                .contains("fashion-mnist: train-images-idx3-ubyte.gz not found in [" + empty + "]")
                .contains("apt-get install dataset-fashion-mnist");
        assertThat(runs).isEmptyDirectory();
    }

    /** The bundled set reads no files: a data directory for it was ignored without a word. */
    @Test
    void aDataDirectoryForTheBundledSetIsRefused() throws Exception {
        Path data = Files.createDirectories(runs.resolve("../some-data"));
        String message = "fashion-mnist-quickstart is bundled in the jar and reads no data directory, but " + data
                + " was given (--data-dir or dataset.data_dir): leave it out, or name the dataset whose files are"
                + " there (e.g. fashion-mnist)";
        assertInputError(reproduce("--data-dir", data.toString()), message);
        assertInputError(reproduce("--set", "dataset.data_dir=" + data), message);
    }

    @Test
    void unknownExperimentAndUsageErrors() {
        assertInputError(
                CliRun.of("reproduce", "nope", "--runs-dir", runs.toString()),
                "unknown experiment 'nope'; shipped: quickstart, fashion-mnist-small-cnn, fashion-mnist-retrieval, fashion-mnist-tuned, fashion-mnist-vmf-kappa, "
                        + "fashion-mnist-vmf-study, fashion-mnist-vmf-refresh, cifar10-small-cnn, cub200, cars196, sop (or use 'dsml train --config FILE.yaml')");
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

    @Test
    void overridesThatDoNotFitTheTree() {
        assertInputError(
                reproduce("--set", "training.epochs.x=1"), "--set training.epochs.x=1: 'x' is not inside a mapping");
        assertInputError(reproduce("--set", "name[0]=a"), "--set name[0]=a: [0] indexes something that is not a list");
        assertInputError(
                reproduce("--set", "losses[0].params.refresh_epochs=1e10"),
                "experiments/quickstart.yaml: losses[0].params.refresh_epochs: expected int, got '1.0E10'");
    }

    @Test
    void problemsFoundWithTheDataLeaveNoRunDirectory() {
        assertInputError(
                reproduce("--set", "losses=[{name: vmf}, {name: vmf}]"),
                "experiments/quickstart.yaml: cell 'conv-2__vmf__seed1' appears twice: give repeated losses or backbones distinct labels, "
                        + "and seeds once each");
        assertInputError(
                reproduce("--set", "evaluation.recall_at=[1, 5000]"),
                "evaluation.recall_at: K = 5000 but each test query has only 1999 other samples");
        CliRun pooling = reproduce("--set", "embedding.pooling=max");
        assertThat(pooling.exitCode()).isEqualTo(2);
        assertThat(runs).isEmptyDirectory();
    }

    @Test
    void resumeKeepsTheRunsOwnSettings() throws Exception {
        Path run = Files.createDirectories(runs.resolve("../old-run"));
        Files.writeString(
                run.resolve("config.yaml"),
                "name: quickstart\ndataset: {name: fashion-mnist-quickstart}\nbackbones: [{name: conv-2}]\n"
                        + "losses: [{name: vmf}]\n");
        assertInputError(
                CliRun.of("reproduce", "--resume", run.toString(), "--set", "training.learning_rate=1"),
                "--set training.learning_rate=1: a resumed run keeps the settings it started with (only "
                        + "training.epochs may be raised and training.devices changed); start a new run to change them");
        assertInputError(
                CliRun.of("reproduce", "fashion-mnist-small-cnn", "--resume", run.toString()),
                "--resume " + run + " is a run of 'quickstart', not 'fashion-mnist-small-cnn'");
        assertInputError(
                CliRun.of("reproduce", "--resume", runs.resolve("../none").toString()),
                runs.resolve("../none") + ": no such run directory");
    }
}
