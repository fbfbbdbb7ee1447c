package io.dsml.data.mnist;

import io.dsml.core.error.DsmlException;
import io.dsml.core.spi.ImageShape;
import io.dsml.data.idx.IdxFile;
import io.dsml.data.images.InMemoryImages;
import io.dsml.data.locate.DataLocator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;

/**
 * Loads one part ({@code train} or {@code t10k}) of MNIST or Fashion-MNIST from its pair of idx
 * files, plain or gzipped, checking that image and label counts agree and labels are 0-9.
 */
public final class MnistFiles {
    static final int CLASSES = 10;

    private MnistFiles() {}

    /** The file names of a part, gzipped first. */
    static List<String> imageNames(String part) {
        return List.of(part + "-images-idx3-ubyte.gz", part + "-images-idx3-ubyte");
    }

    static List<String> labelNames(String part) {
        return List.of(part + "-labels-idx1-ubyte.gz", part + "-labels-idx1-ubyte");
    }

    /** Reads {@code part} from {@code dir}. */
    public static InMemoryImages load(Path dir, String part, float mean, float std) {
        Path images = DataLocator.firstPresent(dir, imageNames(part))
                .orElseThrow(
                        () -> new DsmlException(dir.resolve(imageNames(part).get(1)) + "(.gz): no such file"));
        Path labels = DataLocator.firstPresent(dir, labelNames(part))
                .orElseThrow(
                        () -> new DsmlException(dir.resolve(labelNames(part).get(1)) + "(.gz): no such file"));
        return build(images.toString(), IdxFile.read(images, 3), labels.toString(), IdxFile.read(labels, 1), mean, std);
    }

    /** Reads a part from class-path resources (the bundled quickstart data). */
    static InMemoryImages loadResource(String base, String part, float mean, float std) {
        String imageName = base + "/" + part + "-images-idx3-ubyte.gz";
        String labelName = base + "/" + part + "-labels-idx1-ubyte.gz";
        try (InputStream images = open(imageName);
                InputStream labels = open(labelName)) {
            return build(
                    imageName,
                    IdxFile.read(imageName, images, 3),
                    labelName,
                    IdxFile.read(labelName, labels, 1),
                    mean,
                    std);
        } catch (IOException e) {
            throw new DsmlException(imageName + ": cannot read bundled data: " + e.getMessage());
        }
    }

    /** Fashion-MNIST's class names, by label (zalandoresearch/fashion-mnist README). */
    public static final List<String> FASHION_CLASSES = List.of(
            "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    private static InputStream open(String resource) {
        InputStream in = MnistFiles.class.getResourceAsStream(resource);
        if (in == null) {
            throw new DsmlException(resource + ": bundled data missing from the class path");
        }
        return in;
    }

    private static InMemoryImages build(
            String imageSource,
            IdxFile.IdxArray images,
            String labelSource,
            IdxFile.IdxArray labels,
            float mean,
            float std) {
        if (images.count() != labels.count()) {
            throw new DsmlException(labelSource + ": " + labels.count() + " labels, but " + imageSource + " has "
                    + images.count() + " images");
        }
        int[] dense = new int[labels.count()];
        for (int i = 0; i < dense.length; i++) {
            dense[i] = labels.data()[i] & 0xff;
            if (dense[i] >= CLASSES) {
                throw new DsmlException(labelSource + ": label " + dense[i] + " of item " + i + " is not in 0-9");
            }
        }
        ImageShape shape = new ImageShape(1, images.dims()[1], images.dims()[2]);
        return new InMemoryImages(
                images.data(), dense, CLASSES, shape, new float[] {mean}, new float[] {std}, false, 0);
    }
}
