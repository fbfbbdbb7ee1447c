package io.dsml.data.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes idx files exactly as the MNIST distribution lays them out, for tests. */
public final class IdxWriter {
    private IdxWriter() {}

    /** The bytes of an idx file of unsigned bytes with the given dimensions. */
    public static byte[] idx(byte[] data, int... dims) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(0x00000800 | dims.length);
        for (int d : dims) {
            out.writeInt(d);
        }
        out.write(data);
        out.flush();
        return bytes.toByteArray();
    }

    /** Writes {@code content} to {@code file}, gzipped when the name ends in .gz. */
    public static Path write(Path file, byte[] content) throws IOException {
        try (OutputStream out = file.toString().endsWith(".gz")
                ? new GZIPOutputStream(Files.newOutputStream(file))
                : Files.newOutputStream(file)) {
            out.write(content);
        }
        return file;
    }

    /** A train/t10k pair of 28x28 images whose pixel (0,0) encodes the index, labels i % 10. */
    public static void writeMnistPart(Path dir, String part, int count, boolean gzip) throws IOException {
        byte[] pixels = new byte[count * 28 * 28];
        byte[] labels = new byte[count];
        for (int i = 0; i < count; i++) {
            pixels[i * 784] = (byte) i;
            labels[i] = (byte) (i % 10);
        }
        String suffix = gzip ? ".gz" : "";
        write(dir.resolve(part + "-images-idx3-ubyte" + suffix), idx(pixels, count, 28, 28));
        write(dir.resolve(part + "-labels-idx1-ubyte" + suffix), idx(labels, count));
    }
}
