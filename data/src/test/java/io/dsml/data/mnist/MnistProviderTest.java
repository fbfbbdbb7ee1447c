package io.dsml.data.mnist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsml.core.error.DsmlException;
import io.dsml.core.params.Params;
import io.dsml.core.spi.DatasetSplits;
import io.dsml.data.testing.IdxWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MnistProviderTest {
    @TempDir
    Path dir;

    private DatasetSplits load(String split) {
        MnistProvider provider = MnistProvider.fashionMnist();
        return provider.load(Params.defaults(provider.params()), split, dir);
    }

    @Test
    void loadsTheOfficialSplitFromGzippedOrPlainFiles() throws Exception {
        IdxWriter.writeMnistPart(dir, "train", 60, true);
        IdxWriter.writeMnistPart(dir, "t10k", 20, false);
        DatasetSplits splits = load("classification");
        assertThat(splits.train().size()).isEqualTo(60);
        assertThat(splits.test().size()).isEqualTo(20);
        assertThat(splits.sharedClasses()).isTrue();
        assertThat(splits.train().classes()).isEqualTo(10);
        assertThat(splits.test().label(13)).isEqualTo(3);
        float[] image = new float[784];
        splits.train().read(7, image, 0, false, new Random(0));
        // pixel 7/255 standardised with Fashion-MNIST's mean 0.2860 and std 0.3530
        assertThat(image[0]).isCloseTo((7 / 255f - 0.2860f) / 0.3530f, org.assertj.core.api.Assertions.within(1e-6f));
        assertThat(image[1]).isCloseTo(-0.2860f / 0.3530f, org.assertj.core.api.Assertions.within(1e-6f));
    }

    @Test
    void retrievalSplitIsClassDisjointAndRelabelled() throws Exception {
        IdxWriter.writeMnistPart(dir, "train", 60, true);
        IdxWriter.writeMnistPart(dir, "t10k", 20, true);
        DatasetSplits splits = load("retrieval");
        assertThat(splits.sharedClasses()).isFalse();
        assertThat(splits.train().size()).isEqualTo(30); // labels 0-4 of i % 10
        assertThat(splits.test().size()).isEqualTo(10); // labels 5-9
        assertThat(Arrays.stream(splits.train().labels()).distinct().sorted().toArray())
                .containsExactly(0, 1, 2, 3, 4);
        assertThat(Arrays.stream(splits.test().labels()).distinct().sorted().toArray())
                .containsExactly(0, 1, 2, 3, 4);
        float[] image = new float[784];
        splits.test().read(0, image, 0, false, null); // first test image of classes 5-9 is item 5
        assertThat(image[0]).isCloseTo((5 / 255f - 0.2860f) / 0.3530f, org.assertj.core.api.Assertions.within(1e-6f));
        // Fashion-MNIST's names follow the relabelling: test class 0 is label 5
        assertThat(splits.train().className(0)).contains("T-shirt/top");
        assertThat(splits.test().className(0)).contains("Sandal");
    }

    @Test
    void rejectsLabelCountThatDisagreesWithImages() throws Exception {
        IdxWriter.writeMnistPart(dir, "train", 10, false);
        IdxWriter.writeMnistPart(dir, "t10k", 10, false);
        Path labels = dir.resolve("t10k-labels-idx1-ubyte");
        IdxWriter.write(labels, IdxWriter.idx(new byte[9], 9));
        assertThatThrownBy(() -> load("classification"))
                .isInstanceOf(DsmlException.class)
                .hasMessage(labels + ": 9 labels, but " + dir.resolve("t10k-images-idx3-ubyte") + " has 10 images");
    }

    @Test
    void rejectsLabelsOutsideZeroToNine() throws Exception {
        IdxWriter.writeMnistPart(dir, "train", 10, false);
        IdxWriter.writeMnistPart(dir, "t10k", 3, false);
        IdxWriter.write(dir.resolve("t10k-labels-idx1-ubyte"), IdxWriter.idx(new byte[] {1, 12, 3}, 3));
        assertThatThrownBy(() -> load("classification")).hasMessageContaining("label 12 of item 1 is not in 0-9");
    }

    @Test
    void saysWhereItLookedAndHowToGetTheData() throws Exception {
        Files.createDirectories(dir.resolve("empty"));
        MnistProvider provider = MnistProvider.fashionMnist();
        assertThatThrownBy(() -> provider.locate(dir.resolve("empty")))
                .isInstanceOf(DsmlException.class)
                .hasMessageContaining("train-images-idx3-ubyte.gz not found in [" + dir.resolve("empty") + "]")
                .hasMessageContaining("apt-get install dataset-fashion-mnist");
    }

    @Test
    void missingTestFilesAreNamed() throws Exception {
        IdxWriter.writeMnistPart(dir, "train", 10, false);
        assertThatThrownBy(() -> load("classification"))
                .hasMessage(dir.resolve("t10k-images-idx3-ubyte") + "(.gz): no such file");
    }

    @Test
    void quickstartIsAStratified8000To2000SplitOfTheBundledTestSet() {
        QuickstartProvider provider = new QuickstartProvider();
        DatasetSplits splits = provider.load(Params.defaults(provider.params()), "classification", null);
        assertThat(splits.train().size()).isEqualTo(8000);
        assertThat(splits.test().size()).isEqualTo(2000);
        int[] perClass = new int[10];
        Arrays.stream(splits.test().labels()).forEach(l -> perClass[l]++);
        assertThat(perClass).containsOnly(200); // Fashion-MNIST t10k has exactly 1,000 per class
    }

    /** A data directory for the bundled set was ignored: the run trained on the bundled data. */
    @Test
    void aDataDirectoryForTheBundledSetIsRefused() {
        QuickstartProvider provider = new QuickstartProvider();
        assertThatThrownBy(() -> provider.load(Params.defaults(provider.params()), "retrieval", dir))
                .isInstanceOf(DsmlException.class)
                .hasMessageStartingWith("fashion-mnist-quickstart is bundled in the jar and reads no data directory,"
                        + " but " + dir + " was given");
    }
}
