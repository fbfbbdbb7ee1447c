package io.dsml.data.cifar;

import io.dsml.core.params.ParamSpec;
import io.dsml.core.params.Params;
import io.dsml.core.spi.DatasetProvider;
import io.dsml.core.spi.DatasetSplits;
import io.dsml.core.spi.ImageShape;
import io.dsml.data.images.InMemoryImages;
import io.dsml.data.local.Download;
import io.dsml.data.local.LoadReport;
import io.dsml.data.local.LocalDataset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * CIFAR-10 and CIFAR-100 from their binary versions, held in memory. Split: {@code
 * classification}, the official 50,000 / 10,000. Training augmentation is the standard random
 * flip and translation by up to {@code max_shift} pixels with zero padding.
 */
public final class CifarProvider extends DatasetProvider.Declared implements LocalDataset {
    private static final String HOMEPAGE = "https://www.cs.toronto.edu/~kriz/cifar.html";
    private final boolean hundred;

    private CifarProvider(boolean hundred) {
        super(
                hundred ? "cifar100" : "cifar10",
                hundred
                        ? "CIFAR-100 binary: 50,000 / 10,000 32x32 colour images, 100 fine or 20 coarse classes"
                        : "CIFAR-10 binary: 50,000 / 10,000 32x32 colour images, 10 classes",
                List.of("classification"));
        this.hundred = hundred;
    }

    /** CIFAR-10: {@code data_batch_1.bin} .. {@code data_batch_5.bin}, {@code test_batch.bin}. */
    public static CifarProvider cifar10() {
        return new CifarProvider(false);
    }

    /** CIFAR-100: {@code train.bin}, {@code test.bin}, coarse and fine labels. */
    public static CifarProvider cifar100() {
        return new CifarProvider(true);
    }

    @Override
    public List<ParamSpec> params() {
        List<ParamSpec> specs = new ArrayList<>();
        if (hundred) {
            specs.add(ParamSpec.choice(
                    "labels",
                    "fine",
                    List.of("fine", "coarse"),
                    "the 100 fine classes or the 20 coarse super-classes"));
        }
        specs.add(ParamSpec.flag("flip", true, "random horizontal flips during training"));
        specs.add(ParamSpec.integer("max_shift", 4, 0, 16, "largest random translation in pixels during training"));
        specs.add(ParamSpec.flag(
                "strict_counts",
                true,
                "require the official record counts (catches files truncated at a record boundary)"));
        return specs;
    }

    @Override
    public String howToGet() {
        String archive = hundred ? "cifar-100-binary.tar.gz" : "cifar-10-binary.tar.gz";
        return "Download the binary version (" + archive + ", not the python or matlab one) from " + HOMEPAGE
                + " or run 'dsml datasets fetch " + name() + "', unpack it and pass the folder with --data-dir.";
    }

    @Override
    public List<String> markers() {
        return hundred
                ? List.of("train.bin", "cifar-100-binary/train.bin")
                : List.of("data_batch_1.bin", "cifar-10-batches-bin/data_batch_1.bin");
    }

    @Override
    public List<Download> downloads() {
        return hundred
                ? List.of(new Download(
                        "https://www.cs.toronto.edu/~kriz/cifar-100-binary.tar.gz",
                        "cifar-100-binary.tar.gz",
                        "03b5dce01913d631647c71ecec9e9cb8",
                        true))
                : List.of(new Download(
                        "https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz",
                        "cifar-10-binary.tar.gz",
                        "c32a1d4ab5d03f1284b67883e8d87530",
                        true));
    }

    @Override
    public LoadReport inspect(Params params, String split, Path dataDir) {
        Path dir = locate(dataDir);
        boolean strict = params.getBoolean("strict_counts");
        boolean coarse = hundred && params.getString("labels").equals("coarse");
        int classes = hundred ? (coarse ? 20 : 100) : 10;
        int labelBytes = hundred ? 2 : 1;
        int labelIndex = hundred && !coarse ? 1 : 0;
        List<Path> trainFiles = new ArrayList<>();
        if (hundred) {
            trainFiles.add(dir.resolve("train.bin"));
            CifarBinary.names(dir.resolve("fine_label_names.txt"), 100);
            CifarBinary.names(dir.resolve("coarse_label_names.txt"), 20);
        } else {
            for (int b = 1; b <= 5; b++) {
                trainFiles.add(dir.resolve("data_batch_" + b + ".bin"));
            }
            CifarBinary.names(dir.resolve("batches.meta.txt"), 10);
        }
        Path testFile = dir.resolve(hundred ? "test.bin" : "test_batch.bin");
        CifarBinary.Records train = CifarBinary.read(
                trainFiles, labelBytes, labelIndex, classes, strict ? (hundred ? 50_000 : 10_000) : -1);
        CifarBinary.Records test =
                CifarBinary.read(List.of(testFile), labelBytes, labelIndex, classes, strict ? 10_000 : -1);
        String source = name() + " from " + dir + (hundred ? ", " + (coarse ? "coarse" : "fine") + " labels" : "");
        return LoadReport.clean(
                new DatasetSplits(
                        images(train, classes, params, true), images(test, classes, params, false), true, source),
                dir);
    }

    private InMemoryImages images(CifarBinary.Records records, int classes, Params params, boolean train) {
        float[] mean = hundred ? new float[] {0.5071f, 0.4865f, 0.4409f} : new float[] {0.4914f, 0.4822f, 0.4465f};
        float[] std = hundred ? new float[] {0.2673f, 0.2564f, 0.2762f} : new float[] {0.2470f, 0.2435f, 0.2616f};
        return new InMemoryImages(
                records.pixels(),
                records.labels(),
                classes,
                new ImageShape(3, 32, 32),
                mean,
                std,
                train && params.getBoolean("flip"),
                train ? params.getInt("max_shift") : 0);
    }
}
