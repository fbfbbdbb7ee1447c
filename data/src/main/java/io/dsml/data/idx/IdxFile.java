package io.dsml.data.idx;

import io.dsml.core.error.DsmlException;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads the idx format of MNIST and Fashion-MNIST (LeCun et al.): a big-endian header of two zero
 * bytes, a type byte (0x08 = unsigned byte), a dimension count, one 32-bit size per dimension, then
 * the data. Files may be gzip-compressed ({@code .gz}). Truncated files, data beyond what the
 * header declares, zero or overflowing dimensions and wrong headers are rejected with a message
 * naming the file.
 */
public final class IdxFile {
    private static final int UNSIGNED_BYTE = 0x08;

    private IdxFile() {}

    /** An idx array of unsigned bytes. */
    public record IdxArray(int[] dims, byte[] data) {
        public int count() {
            return dims[0];
        }
    }

    /** Reads {@code file}, expecting {@code expectedDims} dimensions of unsigned bytes. */
    public static IdxArray read(Path file, int expectedDims) {
        try (InputStream raw = Files.newInputStream(file)) {
            return read(file.toString(), raw, expectedDims);
        } catch (NoSuchFileException e) {
            throw new DsmlException(file + ": no such file");
        } catch (IOException e) {
            throw new DsmlException(file + ": cannot read: " + io.dsml.core.files.IoFailure.reason(e));
        }
    }

    /**
     * Reads an idx stream; gzip is detected from its magic bytes, not the name.
     *
     * @param source how to name the stream in messages
     */
    public static IdxArray read(String source, InputStream raw, int expectedDims) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(raw, 1 << 16);
        buffered.mark(2);
        int b0 = buffered.read();
        int b1 = buffered.read();
        buffered.reset();
        InputStream in = b0 == 0x1f && b1 == 0x8b ? new GZIPInputStream(buffered, 1 << 16) : buffered;
        try (DataInputStream data = new DataInputStream(in)) {
            int magic = data.readInt();
            int type = (magic >>> 8) & 0xff;
            int dims = magic & 0xff;
            if ((magic >>> 16) != 0 || type != UNSIGNED_BYTE || dims != expectedDims) {
                throw new DsmlException(String.format(
                        "%s: not an idx file of %d-dimensional unsigned bytes (magic 0x%08x)",
                        source, expectedDims, magic));
            }
            int[] sizes = new int[dims];
            for (int i = 0; i < dims; i++) {
                sizes[i] = data.readInt();
            }
            int total = dataBytes(source, sizes);
            // readNBytes grows its buffer as data arrives, so a header declaring far more than the
            // file holds costs memory for what is there, not for what is declared
            byte[] values = data.readNBytes(total);
            if (values.length < total) {
                throw new DsmlException(source + ": truncated: header declares " + total + " bytes of data");
            }
            if (data.read() >= 0) {
                throw new DsmlException(source + ": data goes on past the " + total + " bytes that the header "
                        + "declares (dimensions " + describe(sizes) + ")");
            }
            return new IdxArray(sizes, values);
        } catch (EOFException e) {
            throw new DsmlException(source + ": truncated header");
        } catch (java.util.zip.ZipException e) {
            throw new DsmlException(source + ": corrupt gzip data: " + e.getMessage());
        }
    }

    /**
     * The data size the header declares, the product of its dimensions: each must be at least 1
     * (an idx file of no items, or of 0 x 0 images, holds nothing to train or test on), and the
     * product must fit one array.
     */
    private static int dataBytes(String source, int[] sizes) {
        long total = 1;
        for (int i = 0; i < sizes.length; i++) {
            if (sizes[i] < 1) {
                throw new DsmlException(source + ": header declares size " + Integer.toUnsignedString(sizes[i])
                        + " for dimension " + (i + 1) + " of " + sizes.length + " (dimensions " + describe(sizes)
                        + "); every size must be at least 1");
            }
            total *= sizes[i]; // cannot overflow: at most 3 factors below 2^31 before the check below
            if (total > Integer.MAX_VALUE - 8) {
                throw new DsmlException(
                        source + ": header declares dimensions " + describe(sizes) + ", more than one array holds");
            }
        }
        return (int) total;
    }

    private static String describe(int[] sizes) {
        StringBuilder text = new StringBuilder();
        for (int size : sizes) {
            text.append(text.length() == 0 ? "" : " x ").append(Integer.toUnsignedString(size));
        }
        return text.toString();
    }
}
