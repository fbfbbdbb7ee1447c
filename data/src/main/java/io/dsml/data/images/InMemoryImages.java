package io.dsml.data.images;

import io.dsml.core.spi.ImageShape;
import io.dsml.core.spi.LabeledImages;
import java.util.List;
import java.util.Random;

/**
 * Images held in memory as unsigned bytes, channels first, scaled to [0, 1] and standardised per
 * channel on read. Augmentation (when asked for) is an optional random horizontal flip and random
 * translation by up to {@code maxShift} pixels with zero padding (the CIFAR recipe); with neither,
 * training reads are identical to evaluation reads.
 */
public final class InMemoryImages implements LabeledImages {
    private final byte[] pixels;
    private final int[] labels;
    private final int classes;
    private final ImageShape shape;
    private final float[] mean;
    private final float[] std;
    private final boolean flip;
    private final int maxShift;
    /** Set only by {@link #named} on a fresh copy, before anyone else sees it. */
    private List<String> classNames;

    /**
     * @param pixels uint8 values, {@code labels.length * shape.size()} of them, channels first
     * @param labels dense labels in [0, classes)
     * @param mean per-channel mean of the [0, 1]-scaled pixels
     * @param std per-channel standard deviation of the [0, 1]-scaled pixels
     * @param flip whether augmentation flips horizontally with probability 1/2
     * @param maxShift the largest random translation in pixels under augmentation
     */
    public InMemoryImages(
            byte[] pixels,
            int[] labels,
            int classes,
            ImageShape shape,
            float[] mean,
            float[] std,
            boolean flip,
            int maxShift) {
        if ((long) labels.length * shape.size() != pixels.length) {
            throw new IllegalArgumentException("pixel count does not match labels x image size");
        }
        if (mean.length != shape.channels() || std.length != shape.channels()) {
            throw new IllegalArgumentException("need one mean and std per channel");
        }
        this.pixels = pixels;
        this.labels = labels;
        this.classes = classes;
        this.shape = shape;
        this.mean = mean.clone();
        this.std = std.clone();
        this.flip = flip;
        this.maxShift = maxShift;
    }

    @Override
    public int size() {
        return labels.length;
    }

    /** The same images with the dataset's class names (one per class, by label). */
    public InMemoryImages named(List<String> names) {
        if (names.size() != classes) {
            throw new IllegalArgumentException(names.size() + " names for " + classes + " classes");
        }
        InMemoryImages copy = new InMemoryImages(pixels, labels, classes, shape, mean, std, flip, maxShift);
        copy.classNames = List.copyOf(names);
        return copy;
    }

    @Override
    public java.util.Optional<String> className(int label) {
        return classNames == null ? java.util.Optional.empty() : java.util.Optional.of(classNames.get(label));
    }

    @Override
    public int classes() {
        return classes;
    }

    @Override
    public int label(int index) {
        return labels[index];
    }

    @Override
    public ImageShape shape() {
        return shape;
    }

    @Override
    public void read(int index, float[] destination, int offset, boolean augment, Random random) {
        boolean mirror = augment && flip && random.nextBoolean();
        int dy = augment && maxShift > 0 ? random.nextInt(2 * maxShift + 1) - maxShift : 0;
        int dx = augment && maxShift > 0 ? random.nextInt(2 * maxShift + 1) - maxShift : 0;
        int h = shape.height();
        int w = shape.width();
        int source = index * shape.size();
        for (int c = 0; c < shape.channels(); c++) {
            float m = mean[c];
            float s = std[c];
            float zero = -m / s;
            for (int y = 0; y < h; y++) {
                int sy = y + dy;
                for (int x = 0; x < w; x++) {
                    int sx = mirror ? w - 1 - (x + dx) : x + dx;
                    int out = offset + (c * h + y) * w + x;
                    if (sy < 0 || sy >= h || sx < 0 || sx >= w) {
                        destination[out] = zero;
                    } else {
                        float v = (pixels[source + (c * h + sy) * w + sx] & 0xff) / 255f;
                        destination[out] = (v - m) / s;
                    }
                }
            }
        }
    }

    /** Stored at the input size: new images are resampled whole to it, then standardised alike. */
    @Override
    public java.util.Optional<io.dsml.core.spi.TestTimePipeline> testTimePipeline() {
        return java.util.Optional.of(new io.dsml.core.spi.TestTimePipeline(shape, 0, mean, std));
    }
}
