package io.dsml.data.fetch;

import io.dsml.core.error.DsmlException;
import io.dsml.core.files.IoFailure;
import io.dsml.data.local.Download;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.LongConsumer;

/**
 * Downloads one file to a temporary name, computing its MD5 while streaming, and moves it into
 * place only when the sum matches the published one, so an interrupted or corrupted download
 * never looks like a finished one. A file already present with the right sum is not downloaded
 * again. Any URL scheme {@link URL} supports works (https, http, ftp, file).
 */
public final class Downloader {
    private static final int TIMEOUT_MS = 30_000;

    private Downloader() {}

    /**
     * @param dir the target folder
     * @param progress receives (bytes so far, total or -1)
     * @return the verified file
     */
    public static Path fetch(Download download, Path dir, Progress progress) {
        Path target = dir.resolve(download.fileName());
        if (Files.isRegularFile(target) && md5(target).equals(download.md5())) {
            return target;
        }
        Path partial = dir.resolve(download.fileName() + ".part");
        // The target is opened before the network is touched: a directory that cannot be written
        // is the user's to fix, and must not read as a network failure.
        OutputStream out = openForWriting(dir, partial);
        try {
            URLConnection connection = new URL(download.url()).openConnection();
            connection.setConnectTimeout(TIMEOUT_MS);
            connection.setReadTimeout(TIMEOUT_MS);
            long total = connection.getContentLengthLong();
            MessageDigest digest = newMd5();
            try (InputStream in = new DigestInputStream(connection.getInputStream(), digest);
                    OutputStream written = out) {
                copy(in, written, done -> progress.update(done, total));
            }
            progress.finish();
            String actual = HexFormat.of().formatHex(digest.digest());
            if (!actual.equals(download.md5())) {
                Files.deleteIfExists(partial);
                throw new DsmlException(download.url() + ": checksum mismatch: MD5 " + actual + ", published "
                        + download.md5() + " (corrupted or changed download; nothing was kept)");
            }
            return Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
        } catch (java.nio.file.FileSystemException e) {
            deleteQuietly(partial);
            throw new DsmlException(partial + ": cannot write the download: " + IoFailure.reason(e));
        } catch (IOException e) {
            closeQuietly(out);
            deleteQuietly(partial);
            throw new DsmlException(
                    download.url() + ": download failed (" + e.getClass().getSimpleName() + ": " + e.getMessage()
                            + "); check the network or download it by hand into " + dir);
        }
    }

    private static OutputStream openForWriting(Path dir, Path partial) {
        try {
            Files.createDirectories(dir);
            return Files.newOutputStream(partial);
        } catch (IOException e) {
            throw new DsmlException(dir + ": cannot write the download there: " + IoFailure.reason(e)
                    + "; give a writable --data-dir (or $" + io.dsml.data.locate.DataLocator.DATA_ENV + ")");
        }
    }

    private static void closeQuietly(OutputStream out) {
        try {
            out.close();
        } catch (IOException ignored) {
            // already failing; the partial file is deleted next
        }
    }

    /** The lower-case hex MD5 of {@code file}. */
    public static String md5(Path file) {
        MessageDigest digest = newMd5();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new DsmlException(file + ": cannot read: " + IoFailure.reason(e));
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static void copy(InputStream in, OutputStream out, LongConsumer progress) throws IOException {
        byte[] buffer = new byte[1 << 16];
        long done = 0;
        for (int n; (n = in.read(buffer)) >= 0; ) {
            out.write(buffer, 0, n);
            done += n;
            progress.accept(done);
        }
    }

    private static MessageDigest newMd5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is required of every JDK", e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // best effort: a stale .part file is harmless, it is overwritten next time
        }
    }
}
