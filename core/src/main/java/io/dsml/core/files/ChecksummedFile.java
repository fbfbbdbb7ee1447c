package io.dsml.core.files;

import io.dsml.core.error.DsmlException;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * A binary file followed by a trailer that makes any damage detectable: {@code body, "DSMLSUM1",
 * body length (8 bytes), SHA-256 of the body (32 bytes)}. Written atomically ({@link AtomicFile});
 * {@link #open} checks the trailer before a single byte of the body is parsed, so flipped bits, a
 * changed counter, garbage or a file cut short are reported as such and never restored.
 */
public final class ChecksummedFile {
    /** Writes a file's body. */
    @FunctionalInterface
    public interface Body {
        void writeTo(DataOutputStream out) throws IOException;
    }

    private static final byte[] MARKER = "DSMLSUM1".getBytes(StandardCharsets.US_ASCII);
    private static final int DIGEST_BYTES = 32;
    static final int TRAILER_BYTES = MARKER.length + Long.BYTES + DIGEST_BYTES;

    private ChecksummedFile() {}

    /** Writes {@code body} and its trailer to {@code file}, atomically. */
    public static void write(Path file, String what, Body body) {
        AtomicFile.write(file, what, raw -> {
            MessageDigest digest = sha256();
            CountingDigestStream counted = new CountingDigestStream(raw, digest);
            DataOutputStream out = new DataOutputStream(counted);
            body.writeTo(out);
            out.flush();
            DataOutputStream trailer = new DataOutputStream(raw);
            trailer.write(MARKER);
            trailer.writeLong(counted.count);
            trailer.write(digest.digest());
            trailer.flush();
        });
    }

    /**
     * Checks the trailer and opens the body for reading. The stream ends where the body ends.
     *
     * @param what how to name the file in a message, e.g. "checkpoint"
     * @param remedy what the user can do if the file is damaged, appended to the message
     * @throws DsmlException if the file cannot be read, is truncated or its checksum does not match
     */
    public static BodyInput open(Path file, String what, String remedy) {
        long bodyLength = verify(file, what, remedy);
        try {
            InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
            return new BodyInput(new LimitedStream(in, bodyLength));
        } catch (IOException e) {
            throw new DsmlException(file + ": cannot read the " + what + ": " + IoFailure.reason(e));
        }
    }

    /** Returns the body's length after checking the trailer and the digest. */
    private static long verify(Path file, String what, String remedy) {
        String damaged = file + ": the " + what + " is damaged (";
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            long size = Files.size(file);
            if (size < TRAILER_BYTES) {
                throw new DsmlException(damaged + "only " + size + " bytes: cut short); " + remedy);
            }
            long bodyLength = size - TRAILER_BYTES;
            MessageDigest digest = sha256();
            byte[] buffer = new byte[1 << 16];
            long left = bodyLength;
            while (left > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    throw new DsmlException(damaged + "cut short while reading); " + remedy);
                }
                digest.update(buffer, 0, n);
                left -= n;
            }
            byte[] trailer = in.readNBytes(TRAILER_BYTES);
            ByteBuffer t = ByteBuffer.wrap(trailer);
            byte[] marker = new byte[MARKER.length];
            t.get(marker);
            if (trailer.length != TRAILER_BYTES || !Arrays.equals(marker, MARKER)) {
                throw new DsmlException(damaged + "no checksum at its end: cut short, or not written by this "
                        + "version of dsml); " + remedy);
            }
            if (t.getLong() != bodyLength) {
                throw new DsmlException(damaged + "its length does not match the length recorded at its end: "
                        + "cut short or extended); " + remedy);
            }
            byte[] recorded = new byte[DIGEST_BYTES];
            t.get(recorded);
            if (!MessageDigest.isEqual(recorded, digest.digest())) {
                throw new DsmlException(
                        damaged + "its SHA-256 checksum does not match: changed since it was " + "written); " + remedy);
            }
            return bodyLength;
        } catch (IOException e) {
            throw new DsmlException(file + ": cannot read the " + what + ": " + IoFailure.reason(e));
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** Digests and counts what passes through, without closing the stream underneath. */
    private static final class CountingDigestStream extends DigestOutputStream {
        long count;

        CountingDigestStream(OutputStream out, MessageDigest digest) {
            super(out, digest);
        }

        @Override
        public void write(int b) throws IOException {
            super.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            super.write(b, off, len);
            count += len;
        }

        @Override
        public void close() {
            // the trailer follows; AtomicFile closes the file
        }
    }

    /** Ends after {@code limit} bytes, so that the trailer is never parsed as body. */
    private static final class LimitedStream extends FilterInputStream {
        private long left;

        LimitedStream(InputStream in, long limit) {
            super(in);
            this.left = limit;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int b = super.read();
            if (b >= 0) {
                left--;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = super.read(b, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(Math.min(n, left));
            left -= skipped;
            return skipped;
        }

        @Override
        public int available() throws IOException {
            return (int) Math.min(super.available(), left);
        }

        /** Bytes of the body not read yet: an upper bound for any length field. */
        long remaining() {
            return left;
        }
    }

    /** The verified body of a file: a data stream that knows how many bytes are left. */
    public static final class BodyInput extends DataInputStream {
        private final LimitedStream limited;

        BodyInput(LimitedStream limited) {
            super(limited);
            this.limited = limited;
        }

        /** Bytes of the body not read yet. */
        public long remaining() {
            return limited.remaining();
        }
    }

    /**
     * Reads a length-prefixed byte array, refusing a length that is negative or larger than what
     * is left of the body (instead of allocating it).
     */
    public static byte[] readBytes(DataInputStream in, String field) throws IOException {
        int length = in.readInt();
        long left = Long.MAX_VALUE;
        if (in instanceof BodyInput body) {
            left = body.remaining();
        }
        if (length < 0 || length > left) {
            throw new IOException("the length of " + field + " is " + length + " bytes, but " + left + " are left");
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return bytes;
    }
}
