package io.dsml.data.fetch;

import io.dsml.core.error.DsmlException;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Unpacks the archive formats of the official distributions: gzipped tar (CIFAR, CUB) and zip
 * (SOP). The tar reader handles ustar names with prefixes, GNU long names and pax path records,
 * which is what GNU tar and Python's tarfile write. Entries that would land outside the target
 * folder are refused.
 */
public final class Archives {
    private static final int BLOCK = 512;

    private Archives() {}

    /** Unpacks {@code archive} into {@code dir} by its extension. */
    public static void extract(Path archive, Path dir) {
        String name = archive.getFileName().toString();
        try {
            if (name.endsWith(".zip")) {
                unzip(archive, dir);
            } else if (name.endsWith(".tar.gz") || name.endsWith(".tgz")) {
                try (InputStream in = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(archive)))) {
                    untar(in, dir);
                }
            } else {
                throw new DsmlException(archive + ": unknown archive type (expected .tar.gz, .tgz or .zip)");
            }
        } catch (IOException e) {
            throw new DsmlException(archive + ": cannot unpack: " + e.getMessage());
        }
    }

    /** Unpacks a tar stream into {@code dir}. */
    static void untar(InputStream in, Path dir) throws IOException {
        byte[] header = new byte[BLOCK];
        String longName = null;
        while (true) {
            if (!readBlock(in, header)) {
                return;
            }
            if (isZero(header)) {
                return;
            }
            String sizeField = field(header, 124, 12).trim();
            long size = parseOctalSize(sizeField);
            char type = (char) header[156];
            String name = longName != null ? longName : entryName(header);
            longName = null;
            if (type == 'L' || type == 'x') {
                String text = new String(readData(in, size), StandardCharsets.UTF_8);
                longName = type == 'L' ? text.replace("\0", "") : paxPath(text);
                continue;
            }
            if (type == 'g') {
                readData(in, size);
                continue;
            }
            Path target = safe(dir, name);
            if (type == '5') {
                Files.createDirectories(target);
            } else if (type == '0' || type == '\0') {
                Files.createDirectories(target.getParent());
                try (OutputStream out = Files.newOutputStream(target)) {
                    copyExactly(in, out, size);
                }
                skip(in, padding(size));
            } else {
                skip(in, size + padding(size)); // links and devices are not part of any dataset
            }
        }
    }

    private static void unzip(Path archive, Path dir) throws IOException {
        try (ZipInputStream zip = new ZipInputStream(new BufferedInputStream(Files.newInputStream(archive)))) {
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                Path target = safe(dir, entry.getName());
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(zip, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static Path safe(Path dir, String name) {
        Path root = dir.toAbsolutePath().normalize();
        Path target = root.resolve(name).normalize();
        if (!target.startsWith(root)) {
            throw new DsmlException("archive entry '" + name + "' would be written outside " + root);
        }
        return target;
    }

    private static String entryName(byte[] header) {
        String name = field(header, 0, 100);
        String magic = field(header, 257, 6);
        if (magic.startsWith("ustar")) {
            String prefix = field(header, 345, 155);
            if (!prefix.isEmpty()) {
                return prefix + "/" + name;
            }
        }
        return name;
    }

    private static String paxPath(String records) {
        for (String record : records.split("\n")) {
            int space = record.indexOf(' ');
            if (space > 0 && record.startsWith("path=", space + 1)) {
                return record.substring(space + 6);
            }
        }
        return null;
    }

    private static String field(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.UTF_8);
    }

    private static boolean readBlock(InputStream in, byte[] block) throws IOException {
        int read = in.readNBytes(block, 0, BLOCK);
        if (read == 0) {
            return false;
        }
        if (read < BLOCK) {
            throw new EOFException("truncated tar header");
        }
        return true;
    }

    private static byte[] readData(InputStream in, long size) throws IOException {
        byte[] data = in.readNBytes((int) size);
        if (data.length < size) {
            throw new EOFException("truncated tar entry");
        }
        skip(in, padding(size));
        return data;
    }

    private static void copyExactly(InputStream in, OutputStream out, long size) throws IOException {
        byte[] buffer = new byte[1 << 16];
        long left = size;
        while (left > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new EOFException("truncated tar entry");
            }
            out.write(buffer, 0, n);
            left -= n;
        }
    }

    private static void skip(InputStream in, long n) throws IOException {
        in.skipNBytes(n);
    }

    private static long padding(long size) {
        return (BLOCK - size % BLOCK) % BLOCK;
    }

    private static boolean isZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    /** The size field of a tar header (octal digits), rejected with a clear message if malformed. */
    private static long parseOctalSize(String field) {
        try {
            return field.isEmpty() ? 0 : Long.parseLong(field, 8);
        } catch (NumberFormatException e) {
            throw new DsmlException("malformed tar header: size field '" + field + "'");
        }
    }
}
