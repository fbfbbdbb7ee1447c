package io.dsml.data.mnist;

import io.dsml.core.data.SubsetImages;
import io.dsml.core.params.ParamSpec;
import io.dsml.core.params.Params;
import io.dsml.core.spi.DatasetProvider;
import io.dsml.core.spi.DatasetSplits;
import io.dsml.core.spi.LabeledImages;
import io.dsml.data.images.InMemoryImages;
import io.dsml.data.images.Splits;
import io.dsml.data.local.Download;
import io.dsml.data.local.LoadReport;
import io.dsml.data.local.LocalDataset;
import io.dsml.data.locate.DataLocator;
import java.nio.file.Path;
import java.util.List;

/**
 * MNIST and Fashion-MNIST from their official idx files. Splits: {@code classification} - the
 * official 60,000 / 10,000; {@code retrieval} (zero-shot, ours) - training images of classes 0-4
 * for training and test images of classes 5-9 for testing, relabelled 0-4; {@code validation} -
 * the training files split 50,000 / 10,000 (stratified, seed 0), to tune without the test files;
 * {@code retrieval-val} - classes 0-4 split by class into training and validation, to tune the
 * zero-shot protocol without its test classes.
 */
public final class MnistProvider extends DatasetProvider.Declared implements LocalDataset {
    /** 10,000 of the 60,000 training images, stratified, seed 0. */
    static final double VALIDATION_FRACTION = 1.0 / 6;

    private final float mean;
    private final float std;
    private final List<Path> systemDirs;
    private final String howToGet;
    private final List<Download> downloads;

    private MnistProvider(
            String name, float mean, float std, List<Path> systemDirs, String howToGet, List<Download> downloads) {
        super(
                name,
                name + " idx files: 60,000 training and 10,000 test images, 28x28 grey, 10 classes",
                List.of("classification", "retrieval", "validation", Splits.RETRIEVAL_VALIDATION));
        this.mean = mean;
        this.std = std;
        this.systemDirs = systemDirs;
        this.howToGet = howToGet;
        this.downloads = downloads;
    }

    /** The four gzipped idx files under {@code base}, with their published MD5 sums (train/t10k, images/labels). */
    private static List<Download> idxFiles(String base, String... md5) {
        String[] names = {
            "train-images-idx3-ubyte.gz",
            "train-labels-idx1-ubyte.gz",
            "t10k-images-idx3-ubyte.gz",
            "t10k-labels-idx1-ubyte.gz"
        };
        List<Download> files = new java.util.ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            files.add(new Download(base + names[i], names[i], md5[i], false));
        }
        return files;
    }

    /** Fashion-MNIST; also found where Debian's {@code dataset-fashion-mnist} installs it. */
    public static MnistProvider fashionMnist() {
        return new MnistProvider(
                "fashion-mnist",
                0.2860f,
                0.3530f,
                List.of(Path.of("/usr/share/datasets/fashion-mnist")),
                "Install it with 'apt-get install dataset-fashion-mnist' (Debian) or download the four idx files from "
                        + "https://github.com/zalandoresearch/fashion-mnist into a directory given with --data-dir.",
                idxFiles(
                        "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",
                        "8d4fb7e6c68d591d4c3dfef9ec88bf0d",
                        "25c81989df183df01b3e8a0aad5dffbe",
                        "bef4ecab320f06d8554ea6380940ec79",
                        "bb300cfdad3c16e7a12a480ee83cd310"));
    }

    /** The original MNIST digits. */
    public static MnistProvider mnist() {
        return new MnistProvider(
                "mnist",
                0.1307f,
                0.3081f,
                List.of(Path.of("/usr/share/datasets/mnist")),
                "Download the four idx files from http://yann.lecun.com/exdb/mnist/ (or a mirror) into a directory "
                        + "given with --data-dir or $DSML_DATA/mnist.",
                idxFiles(
                        "https://ossci-datasets.s3.amazonaws.com/mnist/",
                        "f68b3c2dcbeaaa9fbdd348bbdeb94873",
                        "d53e105ee54ea40749a09fcbcd1e9432",
                        "9fb629c4189551a2d022fa330f9573f3",
                        "ec29112dd5afa0611ce80d1b7f02629c"));
    }

    @Override
    public List<ParamSpec> params() {
        return Splits.validationSpecs();
    }

    @Override
    public String howToGet() {
        return howToGet;
    }

    @Override
    public List<Path> systemDirs() {
        return systemDirs;
    }

    @Override
    public List<String> markers() {
        return MnistFiles.imageNames("train");
    }

    @Override
    public List<Download> downloads() {
        return downloads;
    }

    /** The directory holding the files, searched as {@link DataLocator} documents. */
    @Override
    public Path locate(Path dataDir) {
        return DataLocator.locate(name(), dataDir, systemDirs, MnistFiles.imageNames("train"), howToGet);
    }

    /** Fashion-MNIST's images with its class names; MNIST's digits are their own names. */
    private InMemoryImages named(InMemoryImages images) {
        return name().equals("fashion-mnist")
                ? images.named(MnistFiles.FASHION_CLASSES)
                : images.named(java.util.stream.IntStream.range(0, 10)
                        .mapToObj(String::valueOf)
                        .toList());
    }

    @Override
    public LoadReport inspect(Params params, String split, Path dataDir) {
        return LoadReport.clean(load(params, split, dataDir), locate(dataDir));
    }

    @Override
    public DatasetSplits load(Params params, String split, Path dataDir) {
        Path dir = locate(dataDir);
        InMemoryImages train = named(MnistFiles.load(dir, "train", mean, std));
        InMemoryImages test = named(MnistFiles.load(dir, "t10k", mean, std));
        String source = name() + " from " + dir;
        if (split.equals(Splits.RETRIEVAL_VALIDATION)) {
            LabeledImages seen = new SubsetImages(train, Splits.byClass(train, c -> c < 5), true);
            return Splits.validation(seen, params, source + ", classes 0-4");
        }
        if (split.equals("retrieval")) {
            LabeledImages seen = new SubsetImages(train, Splits.byClass(train, c -> c < 5), true);
            LabeledImages unseen = new SubsetImages(test, Splits.byClass(test, c -> c >= 5), true);
            return new DatasetSplits(seen, unseen, false, source + ", classes 0-4 / 5-9");
        }
        if (split.equals("validation")) {
            int[][] parts = Splits.stratified(train, VALIDATION_FRACTION, 0);
            return new DatasetSplits(
                    new SubsetImages(train, parts[0], false),
                    new SubsetImages(train, parts[1], false),
                    true,
                    source + ", stratified 50,000 / 10,000 validation split of the training files");
        }
        return new DatasetSplits(train, test, true, source);
    }
}
