package io.dsml.data.pipeline;

import io.dsml.core.spi.ImageShape;
import java.util.Random;

/**
 * The transforms of file-based datasets, as the DML literature uses them. Evaluation: resize the
 * shorter side to {@code resize}, then take the centre {@code imageSize} square. Training, by
 * {@link TrainCrop}: a random-resized crop (area fraction in [{@code minScale}, 1], aspect ratio
 * in [3/4, 4/3], as torchvision), or a random {@code imageSize} square of the resized image, or the
 * evaluation crop; then a horizontal flip with probability 1/2 when {@code flip}. Finally the
 * pixels are standardised with {@code mean}/{@code std} (ImageNet's by default).
 *
 * <p>The crop is computed as a box in source coordinates and resampled once ({@link Resampler}),
 * so resize-then-crop costs one pass. All randomness comes from the {@link Random} passed in, so
 * the trainer's per-sample seeds make every epoch reproducible regardless of thread timing.
 *
 * @param imageSize output height and width
 * @param resize the shorter side before the centre or random crop, &gt;= imageSize
 * @param trainCrop the training-time crop
 * @param minScale the smallest area fraction of a random-resized crop
 * @param flip whether training flips horizontally at random
 * @param mean per-channel mean of [0, 1] pixel values
 * @param std per-channel standard deviation of [0, 1] pixel values
 */
public record ImagePipeline(
        int imageSize, int resize, TrainCrop trainCrop, double minScale, boolean flip, float[] mean, float[] std) {

    /** ImageNet's per-channel mean, which pretrained backbones expect. */
    public static final float[] IMAGENET_MEAN = {0.485f, 0.456f, 0.406f};
    /** ImageNet's per-channel standard deviation. */
    public static final float[] IMAGENET_STD = {0.229f, 0.224f, 0.225f};

    private static final double MIN_LOG_RATIO = Math.log(3.0 / 4.0);
    private static final double MAX_LOG_RATIO = Math.log(4.0 / 3.0);

    /** The training-time crop. */
    public enum TrainCrop {
        /** torchvision's RandomResizedCrop. */
        RANDOM_RESIZED,
        /** Resize the shorter side, then a random square. */
        RANDOM,
        /** The evaluation crop (no random crop). */
        CENTER
    }

    public ImagePipeline {
        if (imageSize < 1 || resize < imageSize) {
            throw new IllegalArgumentException("need 1 <= image_size <= resize, got " + imageSize + ", " + resize);
        }
        if (!(minScale > 0 && minScale <= 1)) {
            throw new IllegalArgumentException("min_scale must be in (0, 1]");
        }
        mean = mean.clone();
        std = std.clone();
    }

    /** The tensor shape this pipeline produces. */
    public ImageShape shape() {
        return new ImageShape(3, imageSize, imageSize);
    }

    /**
     * Transforms {@code region} of {@code image} into {@code destination} at {@code offset}.
     *
     * @param region the part of the image to use (the whole image, or a bounding box)
     * @param random required when {@code augment}
     */
    public void apply(RgbImage image, Box region, boolean augment, Random random, float[] destination, int offset) {
        Box crop = augment ? trainBox(region, random) : centerBox(region);
        boolean mirror = augment && flip && random.nextBoolean();
        Resampler.resample(image, crop, imageSize, imageSize, mirror, mean, std, destination, offset);
    }

    /** Shorter side to {@code resize}, centre {@code imageSize} square; in source coordinates. */
    Box centerBox(Box region) {
        double scale = resize / Math.min(region.width(), region.height());
        double side = imageSize / scale;
        double w = Math.min(side, region.width());
        double h = Math.min(side, region.height());
        return region.inner((region.width() - w) / 2, (region.height() - h) / 2, w, h);
    }

    Box trainBox(Box region, Random random) {
        return switch (trainCrop) {
            case RANDOM_RESIZED -> randomResizedBox(region, random);
            case RANDOM -> randomBox(region, random);
            case CENTER -> centerBox(region);
        };
    }

    private Box randomBox(Box region, Random random) {
        double scale = resize / Math.min(region.width(), region.height());
        int scaledW = (int) Math.round(region.width() * scale);
        int scaledH = (int) Math.round(region.height() * scale);
        int left = random.nextInt(Math.max(1, scaledW - imageSize + 1));
        int top = random.nextInt(Math.max(1, scaledH - imageSize + 1));
        double side = imageSize / scale;
        return region.inner(left / scale, top / scale, Math.min(side, region.width()), Math.min(side, region.height()));
    }

    /** torchvision's RandomResizedCrop.get_params, on the region's pixel grid. */
    private Box randomResizedBox(Box region, Random random) {
        int width = Math.max(1, (int) Math.round(region.width()));
        int height = Math.max(1, (int) Math.round(region.height()));
        double area = (double) width * height;
        for (int attempt = 0; attempt < 10; attempt++) {
            double target = area * (minScale + random.nextDouble() * (1 - minScale));
            double ratio = Math.exp(MIN_LOG_RATIO + random.nextDouble() * (MAX_LOG_RATIO - MIN_LOG_RATIO));
            int w = (int) Math.round(Math.sqrt(target * ratio));
            int h = (int) Math.round(Math.sqrt(target / ratio));
            if (w > 0 && h > 0 && w <= width && h <= height) {
                int top = random.nextInt(height - h + 1);
                int left = random.nextInt(width - w + 1);
                return region.inner(left, top, w, h);
            }
        }
        // Fallback, as torchvision: the largest centred box with a ratio inside the range.
        double inRatio = (double) width / height;
        double w = width;
        double h = height;
        if (inRatio < 3.0 / 4.0) {
            h = Math.round(w / (3.0 / 4.0));
        } else if (inRatio > 4.0 / 3.0) {
            w = Math.round(h * (4.0 / 3.0));
        }
        return region.inner((width - w) / 2, (height - h) / 2, w, h);
    }
}
