package io.dsml.evaluation;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes NumPy {@code .npy} files (format versions 1.0, 2.0 and 3.0), little-endian
 * {@code <f4 <f8 <i4 <i8 |u1} in C order. Fortran order, big-endian and other dtypes are
 * rejected. Every error names the file and what is wrong with it.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern ORDER = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");
    /** numpy pads the header so that the data starts on a 64-byte boundary. */
    private static final int ALIGN = 64;

    private Npy() {}

    /** Bytes per element of a supported descriptor. */
    static int itemSize(String descr) {
        return switch (descr) {
            case "<f4", "<i4" -> 4;
            case "<f8", "<i8" -> 8;
            case "|u1" -> 1;
            default ->
                throw new IllegalArgumentException(
                        "unsupported dtype '" + descr + "' (supported: <f4 <f8 <i4 <i8 |u1, little-endian)");
        };
    }

    /**
     * Reads a whole {@code .npy} file.
     *
     * @throws IOException if the file cannot be read, or is malformed (message names the file)
     */
    public static NpyArray read(Path p) throws IOException {
        try (InputStream in = Files.newInputStream(p)) {
            return read(in, p.toString());
        }
    }

    /**
     * Reads one {@code .npy} array from a stream that holds exactly it (e.g. an entry of an {@code
     * .npz} archive).
     *
     * @param source how to name the array in messages
     * @throws IOException if the stream cannot be read, or is malformed (message names {@code source})
     */
    public static NpyArray read(InputStream in, String source) throws IOException {
        String p = source;
        String header = readHeader(in, p);
        String descr = normaliseDescr(field(DESCR, header, "descr", p), p);
        if ("True".equals(field(ORDER, header, "fortran_order", p))) {
            throw malformed(p, "Fortran-order arrays are not supported; save with C order");
        }
        int[] shape = parseShape(field(SHAPE, header, "shape", p), p);
        long bytes;
        try {
            bytes = Math.multiplyExact(NpyArray.elementCount(shape), itemSize(descr));
        } catch (ArithmeticException e) {
            throw malformed(p, "shape " + Arrays.toString(shape) + " holds more elements than 64 bits count");
        }
        if (bytes > Integer.MAX_VALUE - 16) {
            throw malformed(p, "array of " + bytes + " bytes is too large (limit 2 GiB)");
        }
        byte[] data = in.readNBytes((int) bytes);
        if (data.length < bytes) {
            throw malformed(
                    p,
                    "truncated: shape %s of %s needs %d data bytes, found %d"
                            .formatted(Arrays.toString(shape), descr, bytes, data.length));
        }
        if (in.read() != -1) {
            throw malformed(
                    p, "trailing bytes after the %d data bytes of shape %s".formatted(bytes, Arrays.toString(shape)));
        }
        return new NpyArray(p, descr, shape, data);
    }

    private static String readHeader(InputStream in, String p) throws IOException {
        byte[] magic = in.readNBytes(8);
        if (magic.length < 8 || !Arrays.equals(Arrays.copyOf(magic, 6), MAGIC)) {
            throw malformed(p, "not a .npy file (missing \\x93NUMPY magic)");
        }
        int major = magic[6];
        if (major < 1 || major > 3) {
            throw malformed(p, "unsupported .npy format version " + major + "." + magic[7]);
        }
        int lenBytes = major == 1 ? 2 : 4;
        byte[] len = in.readNBytes(lenBytes);
        if (len.length < lenBytes) {
            throw malformed(p, "truncated header length");
        }
        ByteBuffer lb = ByteBuffer.wrap(len).order(ByteOrder.LITTLE_ENDIAN);
        long headerLen = major == 1 ? Short.toUnsignedInt(lb.getShort()) : Integer.toUnsignedLong(lb.getInt());
        if (headerLen > 1 << 20) {
            throw malformed(p, "implausible header length " + headerLen);
        }
        byte[] header = in.readNBytes((int) headerLen);
        if (header.length < headerLen) {
            throw malformed(p, "truncated header: expected %d bytes, found %d".formatted(headerLen, header.length));
        }
        return new String(header, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    }

    private static String field(Pattern pattern, String header, String name, String p) throws IOException {
        Matcher m = pattern.matcher(header);
        if (!m.find()) {
            throw malformed(p, "header has no valid '" + name + "' entry: " + header.trim());
        }
        return m.group(1);
    }

    private static String normaliseDescr(String descr, String p) throws IOException {
        String d = switch (descr) {
            case "u1", "<u1", "|u1" -> "|u1";
            default -> descr;
        };
        if (d.startsWith(">")) {
            throw malformed(p, "big-endian dtype '" + descr + "' is not supported; use little-endian");
        }
        try {
            itemSize(d);
        } catch (IllegalArgumentException e) {
            throw malformed(p, e.getMessage());
        }
        return d;
    }

    private static int[] parseShape(String text, String p) throws IOException {
        String[] parts = text.split(",");
        int[] shape = new int[parts.length];
        int dims = 0;
        for (String part : parts) {
            String s = part.trim();
            if (s.isEmpty()) {
                continue;
            }
            try {
                shape[dims] = Integer.parseInt(s.endsWith("L") ? s.substring(0, s.length() - 1) : s);
            } catch (NumberFormatException e) {
                throw malformed(p, "bad shape entry '" + s + "' in (" + text + ")");
            }
            if (shape[dims++] < 0) {
                throw malformed(p, "negative dimension in shape (" + text + ")");
            }
        }
        return Arrays.copyOf(shape, dims);
    }

    private static IOException malformed(String p, String what) {
        return new IOException(p + ": " + what);
    }

    /**
     * Writes {@code data} as {@code <f4} with the given shape (default: one dimension). The file is
     * written to a temporary sibling and moved into place, so a failure leaves no partial file.
     *
     * @throws IllegalArgumentException if the shape does not match the data length
     * @throws UncheckedIOException if writing fails (message names the file)
     */
    public static void writeFloat(Path p, float[] data, int... shape) {
        int[] s = checkShape(p, data.length, shape);
        write(p, "<f4", s, floatBytes(data));
    }

    /** Writes {@code data} as {@code <i4}; otherwise as {@link #writeFloat}. */
    public static void writeInt(Path p, int[] data, int... shape) {
        int[] s = checkShape(p, data.length, shape);
        write(p, "<i4", s, intBytes(data));
    }

    /**
     * The whole {@code .npy} file of {@code data} as {@code <f4}, for writers that commit several
     * files together.
     */
    public static byte[] encodeFloat(float[] data, int... shape) {
        return concat(header("<f4", checkShape(null, data.length, shape)), floatBytes(data));
    }

    /** The whole {@code .npy} file of {@code data} as {@code <i4}; see {@link #encodeFloat}. */
    public static byte[] encodeInt(int[] data, int... shape) {
        return concat(header("<i4", checkShape(null, data.length, shape)), intBytes(data));
    }

    private static byte[] floatBytes(float[] data) {
        ByteBuffer buf = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(data);
        return buf.array();
    }

    private static byte[] intBytes(int[] data) {
        ByteBuffer buf = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buf.asIntBuffer().put(data);
        return buf.array();
    }

    private static byte[] concat(byte[] header, byte[] body) {
        byte[] all = Arrays.copyOf(header, header.length + body.length);
        System.arraycopy(body, 0, all, header.length, body.length);
        return all;
    }

    private static int[] checkShape(Path p, int length, int[] shape) {
        int[] s = shape == null || shape.length == 0 ? new int[] {length} : shape;
        for (int d : s) {
            if (d < 0) {
                throw new IllegalArgumentException(p + ": negative dimension in shape " + Arrays.toString(s));
            }
        }
        if (NpyArray.elementCount(s) != length) {
            throw new IllegalArgumentException("%s: shape %s holds %d values but data has %d"
                    .formatted(p, Arrays.toString(s), NpyArray.elementCount(s), length));
        }
        return s;
    }

    private static void write(Path p, String descr, int[] shape, byte[] data) {
        byte[] header = header(descr, shape);
        Path dir = p.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            tmp = Files.createTempFile(dir, "." + p.getFileName(), ".tmp");
            try (var out = Files.newOutputStream(tmp)) {
                out.write(header);
                out.write(data);
            }
            try {
                Files.move(tmp, p, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, p, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new UncheckedIOException(p + ": cannot write .npy file: " + e.getMessage(), e);
        }
    }

    private static void deleteQuietly(Path tmp) {
        if (tmp != null) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // Best effort: the original error is the one worth reporting.
            }
        }
    }

    /** A version 1.0 header (2.0 if the dict is too long), padded to a 64-byte boundary. */
    static byte[] header(String descr, int[] shape) {
        StringBuilder dims = new StringBuilder();
        for (int d : shape) {
            dims.append(d).append(", ");
        }
        String shapeText = shape.length == 1 ? shape[0] + "," : dims.toString().replaceAll(", $", "");
        String dict = "{'descr': '%s', 'fortran_order': False, 'shape': (%s), }".formatted(descr, shapeText);
        int major = dict.length() + 1 + 10 > 65535 ? 2 : 1;
        int prefix = major == 1 ? 10 : 12;
        int total = prefix + dict.length() + 1;
        int padded = (total + ALIGN - 1) / ALIGN * ALIGN;
        String text = dict + " ".repeat(padded - total) + "\n";
        ByteBuffer buf = ByteBuffer.allocate(padded).order(ByteOrder.LITTLE_ENDIAN);
        buf.put(MAGIC).put((byte) major).put((byte) 0);
        if (major == 1) {
            buf.putShort((short) text.length());
        } else {
            buf.putInt(text.length());
        }
        buf.put(text.getBytes(StandardCharsets.ISO_8859_1));
        return buf.array();
    }
}
