package io.dsml.app.report;

import io.dsml.core.spi.ImageShape;
import io.dsml.core.spi.LabeledImages;
import io.dsml.core.spi.TestTimePipeline;
import java.awt.Graphics2D;
import java.awt.Image;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Small pictures of test samples for the report, as the network saw them (the test-time pipeline's
 * output, standardisation undone), at most {@link #MAX_SIDE} pixels on a side: PNG for small images,
 * JPEG for photos. Each sample is encoded once however often it appears; the report refers to it
 * by id.
 */
final class Thumbnails {
    /** The longest side of a thumbnail, in pixels. */
    static final int MAX_SIDE = 64;

    private final LabeledImages images;
    private final TestTimePipeline pipeline;
    private final Map<Integer, Integer> ids = new HashMap<>();
    private final List<String> dataUris = new ArrayList<>();

    /** The dataset's name of test class {@code label}, or its number when it has none. */
    String className(int label) {
        return images.className(label).orElse(String.valueOf(label));
    }

    Thumbnails(LabeledImages images, TestTimePipeline pipeline) {
        this.images = images;
        this.pipeline = pipeline;
    }

    /** The id of sample {@code index}'s thumbnail, encoding it on first use. */
    int id(int index) {
        Integer id = ids.get(index);
        if (id == null) {
            id = dataUris.size();
            dataUris.add(encode(render(index)));
            ids.put(index, id);
        }
        return id;
    }

    /** The data URIs, by id. */
    List<String> dataUris() {
        return dataUris;
    }

    private BufferedImage render(int index) {
        ImageShape shape = images.shape();
        float[] tensor = new float[shape.size()];
        images.read(index, tensor, 0, false, new java.util.Random(0));
        float[] mean = pipeline.mean();
        float[] std = pipeline.std();
        int w = shape.width();
        int h = shape.height();
        int plane = w * h;
        boolean grey = shape.channels() == 1;
        BufferedImage image = new BufferedImage(w, h, grey ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = y * w + x;
                if (grey) {
                    int v = byteOf(tensor[p], mean[0], std[0]);
                    image.getRaster().setSample(x, y, 0, v);
                } else {
                    int r = byteOf(tensor[p], mean[0], std[0]);
                    int g = byteOf(tensor[plane + p], mean[1], std[1]);
                    int b = byteOf(tensor[2 * plane + p], mean[2], std[2]);
                    image.setRGB(x, y, (r << 16) | (g << 8) | b);
                }
            }
        }
        return downscale(image);
    }

    private static int byteOf(float value, float mean, float std) {
        return Math.max(0, Math.min(255, Math.round((value * std + mean) * 255)));
    }

    private static BufferedImage downscale(BufferedImage image) {
        int side = Math.max(image.getWidth(), image.getHeight());
        if (side <= MAX_SIDE) {
            return image;
        }
        int w = Math.max(1, image.getWidth() * MAX_SIDE / side);
        int h = Math.max(1, image.getHeight() * MAX_SIDE / side);
        BufferedImage small = new BufferedImage(w, h, image.getType());
        Graphics2D g = small.createGraphics();
        g.drawImage(image.getScaledInstance(w, h, Image.SCALE_AREA_AVERAGING), 0, 0, null);
        g.dispose();
        return small;
    }

    private static String encode(BufferedImage image) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            boolean photo =
                    Math.max(image.getWidth(), image.getHeight()) > 32 && image.getType() == BufferedImage.TYPE_INT_RGB;
            if (photo) {
                writeJpeg(image, bytes);
            } else {
                ImageIO.write(image, "png", bytes);
            }
            return "data:image/" + (photo ? "jpeg" : "png") + ";base64,"
                    + Base64.getEncoder().encodeToString(bytes.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeJpeg(BufferedImage image, ByteArrayOutputStream bytes) throws IOException {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
        ImageWriter writer = writers.next();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(0.85f);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
    }
}
