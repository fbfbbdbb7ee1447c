package io.dsml.data.pipeline;

import io.dsml.core.error.DsmlException;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.IIOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.stream.ImageInputStream;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * Decodes JPEG and PNG files (any format javax.imageio reads) into {@link RgbImage}. Greyscale is
 * replicated into three channels from the stored values (not through Java's linear-grey colour
 * space, which would brighten it); alpha is dropped; CMYK JPEGs, which occur in CUB-200-2011 and
 * web-crawled sets, are converted by the JDK's colour model where it supports them, and otherwise
 * (YCCK, older JDKs) read as rasters and converted here. Safe to call from many threads: each call uses its own reader.
 */
public final class ImageDecoder {
    private static final String JPEG_METADATA = "javax_imageio_jpeg_image_1.0";

    static {
        // Decoding happens in memory; a disk cache would only add I/O on the prefetch threads.
        ImageIO.setUseCache(false);
    }

    private ImageDecoder() {}

    /**
     * The JPEG decoder: {@code auto} (default: libjpeg-turbo when Debian's {@code libturbojpeg0}
     * is installed, else ImageIO), {@code turbo} or {@code imageio}; set with {@code
     * -Ddsml.jpeg=...}. PNG and other formats always go through ImageIO.
     */
    public static final String JPEG_DECODER_PROPERTY = "dsml.jpeg";

    /** Decodes {@code file}, failing with one line naming the file when it is absent or unreadable. */
    public static RgbImage decode(Path file) {
        if (useTurbo()) {
            RgbImage turbo = decodeWithTurbo(file);
            if (turbo != null) {
                return turbo;
            }
        }
        return withReader(file, false, reader -> decode(file, reader));
    }

    /** Which JPEG decoder {@link #decode} uses here: {@code libjpeg-turbo} or {@code imageio}. */
    public static String jpegDecoder() {
        return useTurbo() ? "libjpeg-turbo" : "imageio";
    }

    private static boolean useTurbo() {
        String choice = System.getProperty(JPEG_DECODER_PROPERTY, "auto");
        return switch (choice) {
            case "imageio" -> false;
            case "turbo" -> {
                if (!TurboJpeg.available()) {
                    throw new DsmlException("-D" + JPEG_DECODER_PROPERTY
                            + "=turbo: libturbojpeg is not installed (Debian: apt-get install libturbojpeg0)");
                }
                yield true;
            }
            case "auto" -> TurboJpeg.available();
            default ->
                throw new DsmlException(
                        "-D" + JPEG_DECODER_PROPERTY + "=" + choice + ": must be auto, turbo or imageio");
        };
    }

    /** libjpeg-turbo for a JPEG file; {@code null} for other formats and CMYK/YCCK JPEGs. */
    private static RgbImage decodeWithTurbo(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new DsmlException(file + ": image listed but absent");
        } catch (IOException e) {
            throw new DsmlException(file + ": unreadable image: " + describe(e), e);
        }
        return TurboJpeg.isJpeg(bytes) ? TurboJpeg.decode(file, bytes) : null;
    }

    /**
     * Reads only the header: the format is known and the dimensions are positive. Much cheaper
     * than {@link #decode}; used to validate whole datasets.
     *
     * @return {width, height}
     */
    public static int[] probe(Path file) {
        return withReader(file, true, reader -> {
            int width = reader.getWidth(0);
            int height = reader.getHeight(0);
            if (width < 1 || height < 1) {
                throw new DsmlException(file + ": unreadable image: size " + width + "x" + height);
            }
            requireComplete(file, reader.getFormatName());
            return new int[] {width, height};
        });
    }

    /** How many trailing bytes may follow a JPEG's end marker or a PNG's IEND chunk (padding). */
    private static final int TAIL = 64;

    /**
     * A file cut short still has a valid header, and ImageIO decodes what there is and fills the
     * rest with grey, with only a warning. The end of the file tells: a JPEG ends with its EOI
     * marker (FF D9, which cannot occur inside entropy-coded data), a PNG with its IEND chunk.
     */
    private static void requireComplete(Path file, String format) throws IOException {
        String kind = format.toLowerCase(java.util.Locale.ROOT);
        byte[] end = kind.contains("jp") ? new byte[] {(byte) 0xFF, (byte) 0xD9} : kind.equals("png") ? IEND : null;
        if (end == null) {
            return;
        }
        long size = Files.size(file);
        byte[] tail = new byte[(int) Math.min(TAIL, size)];
        try (var channel = java.nio.channels.FileChannel.open(file)) {
            channel.read(java.nio.ByteBuffer.wrap(tail), size - tail.length);
        }
        for (int i = tail.length - end.length; i >= 0; i--) {
            if (java.util.Arrays.equals(tail, i, i + end.length, end, 0, end.length)) {
                return;
            }
        }
        throw truncated(file, format);
    }

    private static final byte[] IEND = {'I', 'E', 'N', 'D'};

    private static DsmlException truncated(Path file, String format) {
        return new DsmlException(file + ": unreadable image: the " + format.toUpperCase(java.util.Locale.ROOT)
                + " file is cut short (its end is missing; decoding would fill the rest with grey)");
    }

    /** What to do with an image's reader; may fail with an I/O error. */
    private interface ReaderUse<T> {
        T apply(ImageReader reader) throws IOException;
    }

    /**
     * Opens {@code file}, finds the reader for its format, sets its input ({@code headerOnly}: seek
     * forward only, ignore metadata) and applies {@code use}; every failure becomes one {@link
     * DsmlException} naming the file.
     */
    private static <T> T withReader(Path file, boolean headerOnly, ReaderUse<T> use) {
        if (!Files.isRegularFile(file)) {
            throw new DsmlException(file + ": image listed but absent");
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            ImageReader reader = readerFor(file, in);
            try {
                reader.setInput(in, headerOnly, headerOnly);
                return use.apply(reader);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof DsmlException d) {
                throw d;
            }
            throw new DsmlException(file + ": unreadable image: " + describe(e), e);
        }
    }

    private static ImageReader readerFor(Path file, ImageInputStream in) {
        if (in == null) {
            throw new DsmlException(file + ": unreadable image: cannot open");
        }
        Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
        if (!readers.hasNext()) {
            throw new DsmlException(file + ": unreadable image: not a JPEG, PNG or other supported format");
        }
        return readers.next();
    }

    private static RgbImage decode(Path file, ImageReader reader) throws IOException {
        // ImageIO reports a file cut short only as a warning, and returns the image padded with grey.
        boolean[] endedEarly = {false};
        reader.addIIOReadWarningListener((source, warning) -> {
            if (warning != null && warning.toLowerCase(java.util.Locale.ROOT).contains("premature end")) {
                endedEarly[0] = true;
            }
        });
        RgbImage image = decodeImage(file, reader);
        if (endedEarly[0]) {
            throw truncated(file, reader.getFormatName());
        }
        return image;
    }

    private static RgbImage decodeImage(Path file, ImageReader reader) throws IOException {
        BufferedImage image;
        try {
            image = reader.read(0);
        } catch (IIOException e) {
            Raster raster = reader.readRaster(0, null);
            if (raster.getNumBands() != 4) {
                throw e;
            }
            return fromCmyk(raster, adobeTransform(reader));
        }
        if (image == null) {
            throw new DsmlException(file + ": unreadable image: no image data");
        }
        return fromBuffered(image);
    }

    /**
     * Converts any BufferedImage; 8-bit grey and RGB(A) layouts take a fast path, everything else
     * (palettes, 16 bits, and the CMYK images newer JDKs decode themselves) goes through the
     * colour model.
     */
    public static RgbImage fromBuffered(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        byte[] rgb = new byte[3 * w * h];
        ColorModel model = image.getColorModel();
        Raster raster = image.getRaster();
        int bands = raster.getNumBands();
        boolean plain8Bit = model instanceof ComponentColorModel
                && raster.getDataBuffer().getDataType() == DataBuffer.TYPE_BYTE
                && (bands == 1 || bands == 2 || bands == 3 || bands == 4)
                && model.getColorSpace().getType() == (bands <= 2 ? ColorSpace.TYPE_GRAY : ColorSpace.TYPE_RGB);
        if (plain8Bit) {
            int[] row = new int[w * bands];
            for (int y = 0; y < h; y++) {
                raster.getPixels(0, y, w, 1, row);
                for (int x = 0; x < w; x++) {
                    int at = 3 * (y * w + x);
                    if (bands <= 2) {
                        byte v = (byte) row[x * bands];
                        rgb[at] = v;
                        rgb[at + 1] = v;
                        rgb[at + 2] = v;
                    } else {
                        rgb[at] = (byte) row[x * bands];
                        rgb[at + 1] = (byte) row[x * bands + 1];
                        rgb[at + 2] = (byte) row[x * bands + 2];
                    }
                }
            }
        } else {
            int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
            for (int i = 0; i < argb.length; i++) {
                rgb[3 * i] = (byte) (argb[i] >> 16);
                rgb[3 * i + 1] = (byte) (argb[i] >> 8);
                rgb[3 * i + 2] = (byte) argb[i];
            }
        }
        return new RgbImage(w, h, rgb);
    }

    /**
     * Converts a 4-band JPEG raster. Adobe's APP14 marker says how it is stored: transform 2 is
     * YCCK, 0 is CMYK; Adobe writers store ink inverted (255 = no ink). Without the marker the
     * values are taken as plain CMYK.
     *
     * @param transform the APP14 transform, or -1 when there is no Adobe marker
     */
    static RgbImage fromCmyk(Raster raster, int transform) {
        int w = raster.getWidth();
        int h = raster.getHeight();
        byte[] rgb = new byte[3 * w * h];
        int[] px = new int[4 * w];
        for (int y = 0; y < h; y++) {
            raster.getPixels(raster.getMinX(), raster.getMinY() + y, w, 1, px);
            for (int x = 0; x < w; x++) {
                int a = px[4 * x];
                int b = px[4 * x + 1];
                int c = px[4 * x + 2];
                int k = px[4 * x + 3];
                int[] cmy = transform == 2 ? ycckToInvertedCmy(a, b, c) : new int[] {a, b, c};
                if (transform < 0) {
                    cmy = new int[] {255 - cmy[0], 255 - cmy[1], 255 - cmy[2]};
                    k = 255 - k;
                }
                // Inverted ink: the remaining light is (stored value) x (stored black) / 255.
                int at = 3 * (y * w + x);
                rgb[at] = (byte) (cmy[0] * k / 255);
                rgb[at + 1] = (byte) (cmy[1] * k / 255);
                rgb[at + 2] = (byte) (cmy[2] * k / 255);
            }
        }
        return new RgbImage(w, h, rgb);
    }

    /** YCC to RGB, then to the inverted CMY that Adobe stores (libjpeg's YCCK convention). */
    private static int[] ycckToInvertedCmy(int y, int cb, int cr) {
        double r = y + 1.402 * (cr - 128);
        double g = y - 0.344136 * (cb - 128) - 0.714136 * (cr - 128);
        double b = y + 1.772 * (cb - 128);
        return new int[] {255 - clamp(r), 255 - clamp(g), 255 - clamp(b)};
    }

    private static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }

    /** The Adobe APP14 transform flag, or -1 when the file has no Adobe marker. */
    private static int adobeTransform(ImageReader reader) {
        try {
            IIOMetadata metadata = reader.getImageMetadata(0);
            if (metadata == null) {
                return -1;
            }
            Node adobe = find(metadata.getAsTree(JPEG_METADATA), "app14Adobe");
            if (adobe == null) {
                return -1;
            }
            NamedNodeMap attributes = adobe.getAttributes();
            Node transform = attributes.getNamedItem("transform");
            return transform == null ? 0 : Integer.parseInt(transform.getNodeValue());
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static Node find(Node node, String name) {
        if (name.equals(node.getNodeName())) {
            return node;
        }
        for (Node child = node.getFirstChild(); child != null; child = child.getNextSibling()) {
            Node found = find(child, name);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    private static String describe(Exception e) {
        if (e instanceof java.nio.file.FileSystemException fs) {
            return io.dsml.core.files.IoFailure.reason(fs);
        }
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message.strip();
    }
}
