package io.dsml.data.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dsml.core.error.DsmlException;
import io.dsml.data.Fixtures;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * libjpeg-turbo decoding: the same pixels as PIL (which torchvision's pipeline uses and which
 * links the same library), errors on truncated files, and agreement with ImageIO's decoder to a
 * few grey levels. Skipped, with the reason, where Debian's libturbojpeg0 is not installed.
 */
class TurboJpegTest {
    @TempDir
    Path tmp;

    @BeforeEach
    void needsLibturbojpeg() {
        assumeTrue(TurboJpeg.available(), "libturbojpeg not installed (Debian: apt-get install libturbojpeg0)");
    }

    @Test
    void decodesExactlyThePixelsPilDecodes() throws Exception {
        Path jpeg = Fixtures.writeImage(tmp.resolve("photo.jpg"), photo(97, 61, 5), "jpg");
        String python = python();
        assumeTrue(python != null, "no Python 3 with PIL (Debian: apt-get install python3-pil)");
        Path raw = tmp.resolve("pil.rgb");
        Process p = new ProcessBuilder(
                        python,
                        "-c",
                        "import sys; from PIL import Image; "
                                + "open(sys.argv[2], 'wb').write(Image.open(sys.argv[1]).convert('RGB').tobytes())",
                        jpeg.toString(),
                        raw.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();

        RgbImage turbo = TurboJpeg.decode(jpeg, Files.readAllBytes(jpeg));
        assertThat(turbo.width()).isEqualTo(97);
        assertThat(turbo.height()).isEqualTo(61);
        assertThat(turbo.rgb()).isEqualTo(Files.readAllBytes(raw));
    }

    @Test
    void agreesWithImageIoToAFewLevels() throws IOException {
        Path jpeg = Fixtures.writeImage(tmp.resolve("photo.jpg"), photo(64, 48, 9), "jpg");
        RgbImage turbo = TurboJpeg.decode(jpeg, Files.readAllBytes(jpeg));
        String previous = System.getProperty(ImageDecoder.JPEG_DECODER_PROPERTY);
        System.setProperty(ImageDecoder.JPEG_DECODER_PROPERTY, "imageio");
        try {
            RgbImage imageio = ImageDecoder.decode(jpeg);
            int worst = 0;
            for (int i = 0; i < turbo.rgb().length; i++) {
                worst = Math.max(worst, Math.abs((turbo.rgb()[i] & 0xff) - (imageio.rgb()[i] & 0xff)));
            }
            assertThat(worst).isBetween(0, 4);
        } finally {
            restore(previous);
        }
    }

    @Test
    void aTruncatedJpegIsAnErrorNotAGreyImage() throws IOException {
        Path jpeg = Fixtures.writeImage(tmp.resolve("photo.jpg"), photo(80, 80, 3), "jpg");
        byte[] bytes = Files.readAllBytes(jpeg);
        Path cut = Files.write(tmp.resolve("cut.jpg"), Arrays.copyOf(bytes, bytes.length / 2));
        String previous = System.getProperty(ImageDecoder.JPEG_DECODER_PROPERTY);
        System.setProperty(ImageDecoder.JPEG_DECODER_PROPERTY, "turbo");
        try {
            assertThatThrownBy(() -> ImageDecoder.decode(cut))
                    .isInstanceOf(DsmlException.class)
                    .hasMessageStartingWith(cut + ": unreadable image:")
                    .hasMessageContaining("truncated or corrupt");
        } finally {
            restore(previous);
        }
    }

    /** Smooth gradients plus noise: the DCT has work at every frequency. */
    private static BufferedImage photo(int w, int h, long seed) {
        Random random = new Random(seed);
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int r = Math.min(255, 255 * x / w + random.nextInt(24));
                int g = Math.min(255, 255 * y / h + random.nextInt(24));
                int b = Math.min(255, 128 + (int) (100 * Math.sin((x + y) / 5.0)) + random.nextInt(16));
                image.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        return image;
    }

    private static void restore(String previous) {
        if (previous == null) {
            System.clearProperty(ImageDecoder.JPEG_DECODER_PROPERTY);
        } else {
            System.setProperty(ImageDecoder.JPEG_DECODER_PROPERTY, previous);
        }
    }

    /** Debian's interpreter first (PATH may put one without PIL, e.g. pyenv's, before it). */
    private static String python() throws InterruptedException {
        for (String candidate : new String[] {"/usr/bin/python3", "python3"}) {
            try {
                Process p = new ProcessBuilder(candidate, "-c", "import PIL")
                        .redirectErrorStream(true)
                        .start();
                p.getInputStream().readAllBytes();
                if (p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    return candidate;
                }
            } catch (IOException e) {
                // not installed: try the next
            }
        }
        return null;
    }
}
