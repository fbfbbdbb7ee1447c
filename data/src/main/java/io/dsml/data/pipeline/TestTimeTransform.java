package io.dsml.data.pipeline;

import io.dsml.core.spi.ImageShape;
import io.dsml.core.spi.TestTimePipeline;

/**
 * Applies a {@link TestTimePipeline} to a decoded image, with the same resampling and arithmetic
 * as the dataset loaders, so an image file fed to a trained model gives the tensor the test split
 * gave for the same picture.
 */
public final class TestTimeTransform {
    private static final float[] ZERO = {0, 0, 0};
    private static final float[] ONE = {1, 1, 1};

    private TestTimeTransform() {}

    /** Writes {@code image} as {@code pipeline.shape().size()} floats at {@code offset}. */
    public static void apply(TestTimePipeline pipeline, RgbImage image, float[] destination, int offset) {
        ImageShape shape = pipeline.shape();
        Box box = box(pipeline, Box.of(image));
        if (shape.channels() == 3) {
            Resampler.resample(
                    image,
                    box,
                    shape.width(),
                    shape.height(),
                    false,
                    pipeline.mean(),
                    pipeline.std(),
                    destination,
                    offset);
            return;
        }
        int plane = shape.width() * shape.height();
        float[] rgb = new float[3 * plane];
        Resampler.resample(image, box, shape.width(), shape.height(), false, ZERO, ONE, rgb, 0);
        float mean = pipeline.mean()[0];
        float std = pipeline.std()[0];
        for (int i = 0; i < plane; i++) {
            float r = rgb[i];
            float g = rgb[plane + i];
            float b = rgb[2 * plane + i];
            // Grey pictures keep their stored value exactly; colour ones become ITU-R 601 luma.
            float grey = r == g && g == b ? r : 0.299f * r + 0.587f * g + 0.114f * b;
            destination[offset + i] = (grey - mean) / std;
        }
    }

    /** The source box: the whole image, or the centre crop of the image resized to {@code resize}. */
    static Box box(TestTimePipeline pipeline, Box region) {
        if (pipeline.resize() == 0) {
            return region;
        }
        double scale = pipeline.resize() / Math.min(region.width(), region.height());
        double w = Math.min(pipeline.shape().width() / scale, region.width());
        double h = Math.min(pipeline.shape().height() / scale, region.height());
        return region.inner((region.width() - w) / 2, (region.height() - h) / 2, w, h);
    }
}
