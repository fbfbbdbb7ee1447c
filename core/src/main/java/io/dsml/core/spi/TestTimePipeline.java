package io.dsml.core.spi;

import java.util.Arrays;

/**
 * How a dataset turns a decoded image into the network's input at test time, stated so that
 * images from elsewhere (a folder, an application's {@code BufferedImage}) can be fed to a trained
 * model exactly as the test split was: take the RGB image, resample it (antialiased bilinear) to
 * the input size, scale to [0, 1] and standardise per channel.
 *
 * @param shape the tensor the network takes (1 channel: the grey value of the image, ITU-R 601
 *     luma of colour images; 3 channels: RGB)
 * @param resize 0: the whole image is resampled to {@code shape}'s height x width (datasets stored
 *     at the input size, such as MNIST and CIFAR); otherwise the shorter side is resized to this and
 *     the centre height x width box is taken (the file datasets' evaluation crop)
 * @param mean per-channel mean of the [0, 1] values, one per channel of {@code shape}
 * @param std per-channel standard deviation of the [0, 1] values, one per channel
 */
public record TestTimePipeline(ImageShape shape, int resize, float[] mean, float[] std) {
    public TestTimePipeline {
        if (shape.channels() != 1 && shape.channels() != 3) {
            throw new IllegalArgumentException("a test-time pipeline makes 1 or 3 channels, not " + shape.channels());
        }
        if (mean.length != shape.channels() || std.length != shape.channels()) {
            throw new IllegalArgumentException("need one mean and std per channel");
        }
        if (resize != 0 && resize < Math.max(shape.height(), shape.width())) {
            throw new IllegalArgumentException("resize " + resize + " is smaller than the input size");
        }
        mean = mean.clone();
        std = std.clone();
    }

    @Override
    public float[] mean() {
        return mean.clone();
    }

    @Override
    public float[] std() {
        return std.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TestTimePipeline p
                && p.shape.equals(shape)
                && p.resize == resize
                && Arrays.equals(p.mean, mean)
                && Arrays.equals(p.std, std);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * shape.hashCode() + resize) + 7 * Arrays.hashCode(mean) + Arrays.hashCode(std);
    }

    @Override
    public String toString() {
        return "TestTimePipeline[" + shape + ", resize=" + resize + ", mean=" + Arrays.toString(mean) + ", std="
                + Arrays.toString(std) + "]";
    }
}
