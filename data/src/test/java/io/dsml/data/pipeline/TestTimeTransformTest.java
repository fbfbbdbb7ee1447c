package io.dsml.data.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsml.core.spi.ImageShape;
import io.dsml.core.spi.TestTimePipeline;
import io.dsml.data.images.InMemoryImages;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TestTimeTransformTest {
    private static RgbImage photo(int w, int h, long seed) {
        byte[] rgb = new byte[3 * w * h];
        new Random(seed).nextBytes(rgb);
        return new RgbImage(w, h, rgb);
    }

    @Test
    void aGreyPictureAtTheStoredSizeGivesTheInMemoryTensorExactly() {
        // 5 x 4 grey pixels, as MNIST-like data stores them, and the same picture decoded to RGB
        byte[] grey = new byte[20];
        new Random(3).nextBytes(grey);
        byte[] rgb = new byte[60];
        for (int i = 0; i < 20; i++) {
            rgb[3 * i] = grey[i];
            rgb[3 * i + 1] = grey[i];
            rgb[3 * i + 2] = grey[i];
        }
        ImageShape shape = new ImageShape(1, 4, 5);
        InMemoryImages stored =
                new InMemoryImages(grey, new int[] {0}, 1, shape, new float[] {0.3f}, new float[] {0.4f}, false, 0);
        float[] expected = new float[20];
        stored.read(0, expected, 0, false, null);
        float[] actual = new float[20];
        TestTimeTransform.apply(stored.testTimePipeline().orElseThrow(), new RgbImage(5, 4, rgb), actual, 0);
        assertThat(actual).containsExactly(expected);
    }

    @Test
    void colourBecomesItu601LumaForOneChannelModels() {
        RgbImage red = new RgbImage(1, 1, new byte[] {(byte) 255, 0, 0});
        float[] out = new float[1];
        TestTimeTransform.apply(
                new TestTimePipeline(new ImageShape(1, 1, 1), 0, new float[] {0}, new float[] {1}), red, out, 0);
        assertThat(out[0]).isEqualTo(0.299f);
    }

    @Test
    void aFileDatasetsEvaluationCropIsReproduced() {
        ImagePipeline pipeline = new ImagePipeline(
                16,
                20,
                ImagePipeline.TrainCrop.RANDOM_RESIZED,
                0.08,
                true,
                ImagePipeline.IMAGENET_MEAN,
                ImagePipeline.IMAGENET_STD);
        TestTimePipeline testTime =
                new TestTimePipeline(pipeline.shape(), 20, ImagePipeline.IMAGENET_MEAN, ImagePipeline.IMAGENET_STD);
        for (int[] size : new int[][] {{50, 37}, {30, 61}, {20, 20}}) {
            RgbImage image = photo(size[0], size[1], size[0]);
            float[] expected = new float[pipeline.shape().size()];
            pipeline.apply(image, Box.of(image), false, null, expected, 0);
            float[] actual = new float[expected.length];
            TestTimeTransform.apply(testTime, image, actual, 0);
            assertThat(actual).as("%d x %d", size[0], size[1]).containsExactly(expected);
        }
    }

    @Test
    void wholeImageResamplingScalesAnyPictureToTheInput() {
        RgbImage big = photo(40, 30, 1);
        float[] out = new float[3 * 8 * 8];
        TestTimeTransform.apply(
                new TestTimePipeline(new ImageShape(3, 8, 8), 0, new float[] {0, 0, 0}, new float[] {1, 1, 1}),
                big,
                out,
                0);
        for (float v : out) {
            assertThat(v).isBetween(0f, 1f);
        }
    }
}
