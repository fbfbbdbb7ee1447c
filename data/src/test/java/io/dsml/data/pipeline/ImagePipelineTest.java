package io.dsml.data.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ImagePipelineTest {
    private static final float[] ZERO = {0, 0, 0};
    private static final float[] ONE = {1, 1, 1};

    private static RgbImage gradient(int w, int h) {
        byte[] rgb = new byte[3 * w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                rgb[3 * (y * w + x)] = (byte) (x * 20);
                rgb[3 * (y * w + x) + 1] = (byte) (y * 20);
                rgb[3 * (y * w + x) + 2] = (byte) 200;
            }
        }
        return new RgbImage(w, h, rgb);
    }

    @Test
    void sameSizeResamplingIsTheIdentityInChannelsFirstOrder() {
        RgbImage image = gradient(4, 3);
        float[] out = new float[3 * 4 * 3];
        Resampler.resample(image, Box.of(image), 4, 3, false, ZERO, ONE, out, 0);
        for (int y = 0; y < 3; y++) {
            for (int x = 0; x < 4; x++) {
                for (int c = 0; c < 3; c++) {
                    assertThat(out[(c * 3 + y) * 4 + x]).isCloseTo(image.sample(x, y, c) / 255f, within(1e-6f));
                }
            }
        }
    }

    @Test
    void flipMirrorsAndNormalisationStandardises() {
        RgbImage image = gradient(4, 3);
        float[] out = new float[3 * 4 * 3 + 5];
        float[] mean = {0.5f, 0.25f, 0f};
        float[] std = {0.5f, 0.5f, 2f};
        Resampler.resample(image, Box.of(image), 4, 3, true, mean, std, out, 5);
        assertThat(out[5]).isCloseTo((image.sample(3, 0, 0) / 255f - 0.5f) / 0.5f, within(1e-6f));
        assertThat(out[5 + 12 + 4 + 3]).isCloseTo((image.sample(0, 1, 1) / 255f - 0.25f) / 0.5f, within(1e-6f));
    }

    @Test
    void downscalingAveragesWithoutAliasing() {
        // A one-pixel checkerboard must shrink to mid-grey, not to one of its colours.
        int n = 64;
        byte[] rgb = new byte[3 * n * n];
        for (int i = 0; i < n * n; i++) {
            byte v = (byte) (((i % n) + (i / n)) % 2 == 0 ? 255 : 0);
            rgb[3 * i] = v;
            rgb[3 * i + 1] = v;
            rgb[3 * i + 2] = v;
        }
        RgbImage board = new RgbImage(n, n, rgb);
        float[] out = new float[3 * 8 * 8];
        Resampler.resample(board, Box.of(board), 8, 8, false, ZERO, ONE, out, 0);
        for (float v : out) {
            assertThat(v).isCloseTo(0.5f, within(0.05f));
        }
    }

    @Test
    void evaluationIsResizeThenCentreCrop() {
        ImagePipeline p = new ImagePipeline(224, 256, ImagePipeline.TrainCrop.RANDOM_RESIZED, 0.08, true, ZERO, ONE);
        Box box = p.centerBox(new Box(0, 0, 512, 400));
        // shorter side 400 -> 256: scale 0.64; a 224 crop covers 350 source pixels, centred.
        assertThat(box.width()).isCloseTo(350, within(1e-9));
        assertThat(box.height()).isCloseTo(350, within(1e-9));
        assertThat(box.x()).isCloseTo(81, within(1e-9));
        assertThat(box.y()).isCloseTo(25, within(1e-9));
    }

    @Test
    void trainingCropsStayInsideTheRegionAndRespectTheScaleRange() {
        ImagePipeline p = new ImagePipeline(16, 18, ImagePipeline.TrainCrop.RANDOM_RESIZED, 0.3, true, ZERO, ONE);
        Box region = new Box(10, 20, 100, 60);
        Random random = new Random(1);
        for (int i = 0; i < 500; i++) {
            Box b = p.trainBox(region, random);
            assertThat(b.x()).isGreaterThanOrEqualTo(10);
            assertThat(b.y()).isGreaterThanOrEqualTo(20);
            assertThat(b.x() + b.width()).isLessThanOrEqualTo(110);
            assertThat(b.y() + b.height()).isLessThanOrEqualTo(80);
            assertThat(b.width() * b.height()).isGreaterThanOrEqualTo(0.3 * 6000 * 0.95);
        }
        ImagePipeline random2 = new ImagePipeline(16, 18, ImagePipeline.TrainCrop.RANDOM, 0.08, true, ZERO, ONE);
        for (int i = 0; i < 100; i++) {
            Box b = random2.trainBox(region, random);
            assertThat(b.x() + b.width()).isLessThanOrEqualTo(110 + 1e-9);
            assertThat(b.height()).isCloseTo(16 * 60 / 18.0, within(1e-9));
        }
    }

    @Test
    void augmentationIsDeterministicUnderASeed() {
        RgbImage image = gradient(40, 30);
        ImagePipeline p = new ImagePipeline(
                8,
                10,
                ImagePipeline.TrainCrop.RANDOM_RESIZED,
                0.08,
                true,
                ImagePipeline.IMAGENET_MEAN,
                ImagePipeline.IMAGENET_STD);
        float[] a = new float[p.shape().size()];
        float[] b = new float[a.length];
        float[] c = new float[a.length];
        p.apply(image, Box.of(image), true, new Random(42), a, 0);
        p.apply(image, Box.of(image), true, new Random(42), b, 0);
        p.apply(image, Box.of(image), true, new Random(43), c, 0);
        assertThat(a).containsExactly(b);
        assertThat(a).isNotEqualTo(c);
    }

    @Test
    void boundingBoxesAreClippedToTheImage() {
        assertThat(new Box(-5, 2, 20, 4).clip(10, 10)).isEqualTo(new Box(0, 2, 10, 4));
        assertThat(new Box(50, 50, 5, 5).clip(10, 10)).isEqualTo(new Box(0, 0, 10, 10));
    }
}
