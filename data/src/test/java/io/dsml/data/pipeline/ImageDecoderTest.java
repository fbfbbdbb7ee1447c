package io.dsml.data.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsml.core.error.DsmlException;
import io.dsml.data.Fixtures;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageDecoderTest {
    @TempDir
    Path tmp;

    @Test
    void pngDecodesToExactRgb() {
        BufferedImage image = Fixtures.image(5, 4, 3);
        RgbImage rgb = ImageDecoder.decode(Fixtures.writeImage(tmp.resolve("a.png"), image, "png"));
        assertThat(rgb.width()).isEqualTo(5);
        assertThat(rgb.height()).isEqualTo(4);
        int argb = image.getRGB(3, 2);
        assertThat(new int[] {rgb.sample(3, 2, 0), rgb.sample(3, 2, 1), rgb.sample(3, 2, 2)})
                .containsExactly((argb >> 16) & 0xff, (argb >> 8) & 0xff, argb & 0xff);
    }

    @Test
    void greyKeepsItsStoredValuesInAllThreeChannels() {
        BufferedImage grey = new BufferedImage(3, 2, BufferedImage.TYPE_BYTE_GRAY);
        grey.getRaster().setSample(1, 1, 0, 100);
        RgbImage png = ImageDecoder.decode(Fixtures.writeImage(tmp.resolve("g.png"), grey, "png"));
        assertThat(new int[] {png.sample(1, 1, 0), png.sample(1, 1, 1), png.sample(1, 1, 2)})
                .containsExactly(100, 100, 100);
        RgbImage jpeg = ImageDecoder.decode(Fixtures.writeImage(tmp.resolve("g.jpg"), grey, "jpg"));
        assertThat(jpeg.sample(0, 0, 0)).isEqualTo(jpeg.sample(0, 0, 2));
    }

    @Test
    void alphaAndPaletteImagesDecode() {
        BufferedImage rgba = new BufferedImage(2, 2, BufferedImage.TYPE_INT_ARGB);
        rgba.setRGB(0, 0, 0x80102030);
        RgbImage a = ImageDecoder.decode(Fixtures.writeImage(tmp.resolve("a.png"), rgba, "png"));
        assertThat(a.sample(0, 0, 2)).isEqualTo(0x30);
        IndexColorModel palette =
                new IndexColorModel(2, 2, new byte[] {0, (byte) 255}, new byte[] {0, 0}, new byte[] {0, 0});
        BufferedImage indexed = new BufferedImage(2, 2, BufferedImage.TYPE_BYTE_BINARY, palette);
        indexed.getRaster().setSample(1, 0, 0, 1);
        RgbImage p = ImageDecoder.decode(Fixtures.writeImage(tmp.resolve("p.png"), indexed, "png"));
        assertThat(p.sample(1, 0, 0)).isEqualTo(255);
        assertThat(p.sample(0, 0, 0)).isEqualTo(0);
    }

    @Test
    void cmykJpegDecodesInsteadOfCrashing() throws IOException {
        // A 4-channel JPEG as Photoshop writes them (CUB has a few); older JDKs reject them in
        // ImageIO.read, where the decoder falls back to the raster.
        WritableRaster raster =
                java.awt.image.Raster.createBandedRaster(java.awt.image.DataBuffer.TYPE_BYTE, 6, 4, 4, null);
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 6; x++) {
                raster.setPixel(x, y, new int[] {255, 0, 255, 255});
            }
        }
        Path file = tmp.resolve("cmyk.jpg");
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(raster, null, null), null);
        } finally {
            writer.dispose();
        }
        RgbImage rgb = ImageDecoder.decode(file);
        assertThat(rgb.width()).isEqualTo(6);
        assertThat(rgb.height()).isEqualTo(4);
        // Stored inverted (Adobe): no cyan, full magenta, no yellow, no black = magenta.
        assertThat(rgb.sample(2, 2, 0)).isGreaterThan(230);
        assertThat(rgb.sample(2, 2, 1)).isLessThan(25);
        assertThat(rgb.sample(2, 2, 2)).isGreaterThan(230);
        assertThat(ImageDecoder.probe(file)).containsExactly(6, 4);
    }

    @Test
    void cmykConversionFollowsAdobeInversion() {
        WritableRaster raster =
                java.awt.image.Raster.createBandedRaster(java.awt.image.DataBuffer.TYPE_BYTE, 1, 1, 4, null);
        raster.setPixel(0, 0, new int[] {255, 0, 255, 255}); // inverted: no cyan, full magenta, no yellow, no black
        RgbImage adobe = ImageDecoder.fromCmyk(raster, 0);
        assertThat(new int[] {adobe.sample(0, 0, 0), adobe.sample(0, 0, 1), adobe.sample(0, 0, 2)})
                .containsExactly(255, 0, 255);
        raster.setPixel(0, 0, new int[] {0, 255, 0, 0}); // plain: no cyan, full magenta, no yellow, no black
        RgbImage plain = ImageDecoder.fromCmyk(raster, -1);
        assertThat(new int[] {plain.sample(0, 0, 0), plain.sample(0, 0, 1), plain.sample(0, 0, 2)})
                .containsExactly(255, 0, 255);
    }

    @Test
    void absentAndNonImageFilesFailWithOneLineNamingThem() {
        Path absent = tmp.resolve("nope.jpg");
        assertThatThrownBy(() -> ImageDecoder.decode(absent))
                .isInstanceOf(DsmlException.class)
                .hasMessage(absent + ": image listed but absent");
        Path text = Fixtures.write(tmp.resolve("x.jpg"), "hello");
        assertThatThrownBy(() -> ImageDecoder.decode(text))
                .hasMessage(text + ": unreadable image: not a JPEG, PNG or other supported format");
        assertThatThrownBy(() -> ImageDecoder.probe(text)).hasMessageStartingWith(text + ": unreadable image");
    }

    @Test
    void truncatedPngFails() throws IOException {
        Path good = Fixtures.writeImage(tmp.resolve("t.png"), Fixtures.image(30, 30, 1), "png");
        byte[] bytes = java.nio.file.Files.readAllBytes(good);
        Path cut = Fixtures.write(tmp.resolve("cut.png"), java.util.Arrays.copyOf(bytes, 40));
        assertThatThrownBy(() -> ImageDecoder.decode(cut))
                .isInstanceOf(DsmlException.class)
                .hasMessageStartingWith(cut + ": unreadable image");
    }

    @Test
    void aFileCutShortIsAnErrorNotAGreyImage() throws IOException {
        for (String format : new String[] {"jpg", "png"}) {
            Path whole = Fixtures.writeImage(tmp.resolve("whole." + format), Fixtures.image(64, 48, 5), format);
            assertThat(ImageDecoder.probe(whole)).containsExactly(64, 48);
            assertThat(ImageDecoder.decode(whole).height()).isEqualTo(48);
            byte[] bytes = java.nio.file.Files.readAllBytes(whole);
            Path cut = tmp.resolve("cut." + format);
            java.nio.file.Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length * 2 / 3));
            // the header is intact: the probe of datasets check used to pass it
            assertThatThrownBy(() -> ImageDecoder.probe(cut))
                    .as(format)
                    .isInstanceOf(DsmlException.class)
                    .hasMessageStartingWith(cut + ": unreadable image: the ")
                    .hasMessageContaining("file is cut short");
            assertThatThrownBy(() -> ImageDecoder.decode(cut))
                    .as(format)
                    .isInstanceOf(DsmlException.class)
                    .hasMessageStartingWith(cut + ": unreadable image");
        }
    }
}
