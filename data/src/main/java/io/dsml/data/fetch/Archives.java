package io.dsml.data.fetch;

import io.dsml.core.error.DsmlException;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Unpacks the archive formats of the official distributions: gzipped tar (CIFAR, CUB) and zip
 * (SOP). Tar is read by Apache Commons Compress (ustar prefixes, GNU long names, pax headers,
 * checksums), zip by the JDK. Only directories and regular files are written; links, devices and
 * other special entries are skipped, as no dataset needs them. Entries that would land outside
 * the target folder are refused, and an entry cut short fails the unpacking.
 */
public final class Archives {
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
        try (TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
                Path target = safe(dir, entry.getName());
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else if (isRegularFile(entry)) {
                    write(tar, target, entry.getSize(), entry.getName());
                }
            }
        }
    }

    /**
     * A regular file by its type flag ({@code '0'} or the old {@code '\0'}): Commons Compress's
     * {@code isFile()} also says true for links and devices.
     */
    private static boolean isRegularFile(TarArchiveEntry entry) {
        byte flag = entry.getLinkFlag();
        return flag == TarConstants.LF_NORMAL || flag == TarConstants.LF_OLDNORM;
    }

    private static void unzip(Path archive, Path dir) throws IOException {
        try (ZipInputStream zip = new ZipInputStream(new BufferedInputStream(Files.newInputStream(archive)))) {
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                Path target = safe(dir, entry.getName());
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    write(zip, target, entry.getSize(), entry.getName());
                }
            }
        }
    }

    /**
     * Copies the current entry to {@code target}, checking its length when the archive declares
     * one ({@code size} &gt;= 0).
     */
    private static void write(InputStream entry, Path target, long size, String name) throws IOException {
        Files.createDirectories(target.getParent());
        long copied = Files.copy(entry, target, StandardCopyOption.REPLACE_EXISTING);
        if (size >= 0 && copied != size) {
            throw new EOFException("archive entry '" + name + "' is cut short: " + copied + " of " + size + " bytes");
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
}
