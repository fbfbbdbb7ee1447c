package io.dsml.data.mnist;

import io.dsml.core.params.ParamSpec;
import io.dsml.core.params.Params;
import io.dsml.core.spi.DatasetProvider;
import io.dsml.core.spi.DatasetSplits;
import io.dsml.core.spi.LabeledImages;
import io.dsml.data.images.InMemoryImages;
import io.dsml.data.images.Splits;
import io.dsml.data.images.SubsetImages;
import io.dsml.data.locate.DataLocator;
import java.nio.file.Path;
import java.util.List;

/**
 * MNIST and Fashion-MNIST from their official idx files. Splits: {@code classification} - the
 * official 60,000 / 10,000; {@code retrieval} (zero-shot, ours) - training images of classes 0-4
 * for training and test images of classes 5-9 for testing, relabelled 0-4; {@code validation} -
 * the training files split 50,000 / 10,000 (stratified, seed 0), to tune without the test files.
 */
public final class MnistProvider implements DatasetProvider {
    /** 10,000 of the 60,000 training images, stratified, seed 0. */
    static final double VALIDATION_FRACTION = 1.0 / 6;

    private final String name;
    private final float mean;
    private final float std;
    private final List<Path> systemDirs;
    private final String howToGet;

    private MnistProvider(String name, float mean, float std, List<Path> systemDirs, String howToGet) {
        this.name = name;
        this.mean = mean;
        this.std = std;
        this.systemDirs = systemDirs;
        this.howToGet = howToGet;
    }

    /** Fashion-MNIST; also found where Debian's {@code dataset-fashion-mnist} installs it. */
    public static MnistProvider fashionMnist() {
        return new MnistProvider("fashion-mnist", 0.2860f, 0.3530f, List.of(Path.of("/usr/share/datasets/fashion-mnist")),
                "Install it with 'apt-get install dataset-fashion-mnist' (Debian) or download the four idx files from "
                        + "https://github.com/zalandoresearch/fashion-mnist into a directory given with --data-dir.");
    }

    /** The original MNIST digits. */
    public static MnistProvider mnist() {
        return new MnistProvider("mnist", 0.1307f, 0.3081f, List.of(Path.of("/usr/share/datasets/mnist")),
                "Download the four idx files from http://yann.lecun.com/exdb/mnist/ (or a mirror) into a directory "
                        + "given with --data-dir or $DSML_DATA/mnist.");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return name + " idx files: 60,000 training and 10,000 test images, 28x28 grey, 10 classes";
    }

    @Override
    public List<String> splits() {
        return List.of("classification", "retrieval", "validation");
    }

    @Override
    public List<ParamSpec> params() {
        return List.of();
    }

    /** The directory holding the files, searched as {@link DataLocator} documents. */
    public Path locate(Path dataDir) {
        return DataLocator.locate(name, dataDir, systemDirs, MnistFiles.imageNames("train"), howToGet);
    }

    @Override
    public DatasetSplits load(Params params, String split, Path dataDir) {
        Path dir = locate(dataDir);
        InMemoryImages train = MnistFiles.load(dir, "train", mean, std);
        InMemoryImages test = MnistFiles.load(dir, "t10k", mean, std);
        String source = name + " from " + dir;
        if (split.equals("retrieval")) {
            LabeledImages seen = new SubsetImages(train, Splits.byClass(train, c -> c < 5), true);
            LabeledImages unseen = new SubsetImages(test, Splits.byClass(test, c -> c >= 5), true);
            return new DatasetSplits(seen, unseen, false, source + ", classes 0-4 / 5-9");
        }
        if (split.equals("validation")) {
            int[][] parts = Splits.stratified(train, VALIDATION_FRACTION, 0);
            return new DatasetSplits(new SubsetImages(train, parts[0], false), new SubsetImages(train, parts[1], false),
                    true, source + ", stratified 50,000 / 10,000 validation split of the training files");
        }
        return new DatasetSplits(train, test, true, source);
    }
}
