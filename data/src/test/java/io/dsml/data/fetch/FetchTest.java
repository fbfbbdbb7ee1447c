package io.dsml.data.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import io.dsml.core.error.DsmlException;
import io.dsml.data.Fixtures;
import io.dsml.data.local.Download;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FetchTest {
    private static final byte[] PAYLOAD = "hello dsml\n".repeat(10_000).getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path tmp;

    private HttpServer server;
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();

    @BeforeEach
    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/data.bin", exchange -> {
            exchange.sendResponseHeaders(200, PAYLOAD.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(PAYLOAD);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/data.bin";
    }

    private Progress progress() {
        return new Progress(new PrintStream(log, true, StandardCharsets.UTF_8), "data.bin");
    }

    @Test
    void downloadsOverHttpVerifiesAndShowsProgress() throws IOException {
        String md5 = Downloader.md5(Fixtures.write(tmp.resolve("ref"), PAYLOAD));
        Path file = Downloader.fetch(new Download(url(), "data.bin", md5, false), tmp.resolve("out"), progress());
        assertThat(Files.readAllBytes(file)).isEqualTo(PAYLOAD);
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("[##############################] 100%");
        assertThat(tmp.resolve("out/data.bin.part")).doesNotExist();
    }

    @Test
    void checksumMismatchKeepsNothing() {
        Download wrong = new Download(url(), "data.bin", "0".repeat(32), false);
        assertThatThrownBy(() -> Downloader.fetch(wrong, tmp, progress()))
                .isInstanceOf(DsmlException.class)
                .hasMessageContaining("checksum mismatch")
                .hasMessageContaining("published " + "0".repeat(32));
        assertThat(tmp.resolve("data.bin")).doesNotExist();
        assertThat(tmp.resolve("data.bin.part")).doesNotExist();
    }

    @Test
    void fileUrlsWorkAndUnreachableHostsFailClearly() {
        Path source = Fixtures.write(tmp.resolve("src/x.bin"), PAYLOAD);
        String md5 = Downloader.md5(source);
        Path got = Downloader.fetch(
                new Download(source.toUri().toString(), "x.bin", md5, false), tmp.resolve("o"), progress());
        assertThat(got).hasSameBinaryContentAs(source);
        Download absent = new Download(tmp.resolve("missing.bin").toUri().toString(), "m.bin", md5, false);
        assertThatThrownBy(() -> Downloader.fetch(absent, tmp.resolve("o"), progress()))
                .hasMessageStartingWith(absent.url() + ": download failed");
    }

    @Test
    void aTargetThatCannotBeWrittenIsNotBlamedOnTheNetwork() throws IOException {
        Path notADirectory = Fixtures.write(tmp.resolve("file"), new byte[] {1});
        Download download = new Download(url(), "data.bin", "0".repeat(32), false);
        assertThatThrownBy(() -> Downloader.fetch(download, notADirectory.resolve("sub"), progress()))
                .isInstanceOf(DsmlException.class)
                .hasMessageStartingWith(notADirectory.resolve("sub") + ": cannot write the download there: ")
                .hasMessageNotContaining("network");

        Path readOnly = Files.createDirectories(tmp.resolve("read-only"));
        assumeTrue(makeReadOnly(readOnly), "cannot make a directory read-only here (root without chattr)");
        try {
            assertThatThrownBy(() -> Downloader.fetch(download, readOnly, progress()))
                    .hasMessageStartingWith(readOnly + ": cannot write the download there: ")
                    .hasMessageNotContaining("network");
        } finally {
            undoReadOnly(readOnly);
        }
    }

    /**
     * Makes {@code dir} unwritable: by its mode, or for root (whom modes do not stop) with the
     * immutable attribute; false if neither works here.
     */
    static boolean makeReadOnly(Path dir) {
        try {
            Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("r-xr-xr-x"));
            if (!canCreateIn(dir)) {
                return true;
            }
            Process chattr = new ProcessBuilder("chattr", "+i", dir.toString())
                    .redirectErrorStream(true)
                    .start();
            return chattr.waitFor() == 0 && !canCreateIn(dir);
        } catch (IOException | InterruptedException | UnsupportedOperationException e) {
            return false;
        }
    }

    static void undoReadOnly(Path dir) throws IOException {
        try {
            new ProcessBuilder("chattr", "-i", dir.toString()).start().waitFor();
        } catch (IOException | InterruptedException e) {
            // not immutable, or no chattr: the mode below is all there is to undo
        }
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static boolean canCreateIn(Path dir) {
        try {
            Files.delete(Files.createFile(dir.resolve("probe")));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void progressBarFormatsKnownAndUnknownTotals() {
        assertThat(Progress.bar(512 * 1024, 1024 * 1024))
                .isEqualTo("[###############...............]  50%  0.5 / 1.0 MiB");
        assertThat(Progress.bar(3 * 1048576, -1)).isEqualTo("3.0 MiB");
    }

    @Test
    void tarGzAndZipUnpackAndRefuseEscapingEntries() throws IOException {
        Path tgz = tmp.resolve("a.tar.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(tgz))) {
            tarEntry(out, "cifar-10-batches-bin/", '5', new byte[0]);
            tarEntry(out, "cifar-10-batches-bin/batches.meta.txt", '0', "airplane\n".getBytes(StandardCharsets.UTF_8));
            out.write(new byte[1024]);
        }
        Archives.extract(tgz, tmp.resolve("x"));
        assertThat(tmp.resolve("x/cifar-10-batches-bin/batches.meta.txt")).hasContent("airplane");
        Path zip = tmp.resolve("b.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new ZipEntry("../evil.txt"));
            out.write(1);
        }
        assertThatThrownBy(() -> Archives.extract(zip, tmp.resolve("y")))
                .hasMessageContaining("archive entry '../evil.txt' would be written outside");
    }

    /** What GNU tar and Python's tarfile write: long names, pax paths, links; and what they must not. */
    @Test
    void tarLongNamesPaxPathsAndLinksAreHandledAndEscapesRefused() throws IOException {
        String deep = "CUB_200_2011/images/" + "x".repeat(120) + "/a.jpg";
        String unicode = "Stanford_Online_Products/caf\u00e9_final/" + "y".repeat(90) + ".JPG";
        Path gnu = tgz(TarArchiveOutputStream.LONGFILE_GNU, deep, unicode);
        Archives.extract(gnu, tmp.resolve("gnu"));
        assertThat(tmp.resolve("gnu").resolve(deep)).hasContent(deep);
        assertThat(tmp.resolve("gnu").resolve(unicode)).hasContent(unicode);
        assertThat(tmp.resolve("gnu/link")).doesNotExist(); // links are skipped, not followed
        Path pax = tgz(TarArchiveOutputStream.LONGFILE_POSIX, deep);
        Archives.extract(pax, tmp.resolve("pax"));
        assertThat(tmp.resolve("pax").resolve(deep)).hasContent(deep);
        for (String evil : new String[] {"../evil.txt", "a/../../evil.txt", "/tmp/evil.txt"}) {
            Path archive = tgz(TarArchiveOutputStream.LONGFILE_GNU, evil);
            assertThatThrownBy(() -> Archives.extract(archive, tmp.resolve("z")))
                    .isInstanceOf(DsmlException.class)
                    .hasMessageContaining("archive entry '" + evil + "' would be written outside");
        }
        assertThat(tmp.resolve("evil.txt")).doesNotExist();
    }

    @Test
    void aTarCutShortIsRefused() throws IOException {
        Path whole = tgz(TarArchiveOutputStream.LONGFILE_GNU, "a/" + "b".repeat(3000));
        byte[] tar;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(whole))) {
            tar = in.readAllBytes();
        }
        Path cut = tmp.resolve("cut.tar.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(cut))) {
            // the long name's header and 3,002 bytes, the entry's header, 100 of its 3,002 bytes
            out.write(tar, 0, 512 + 3072 + 512 + 100);
        }
        assertThatThrownBy(() -> Archives.extract(cut, tmp.resolve("c")))
                .isInstanceOf(DsmlException.class)
                .hasMessageStartingWith(cut + ": cannot unpack: ");
    }

    /** A gzipped tar holding each name as a file whose content is its name, then a symbolic link. */
    private Path tgz(int longNames, String... names) throws IOException {
        Path file = Files.createTempFile(tmp, "t", ".tar.gz");
        try (TarArchiveOutputStream tar =
                new TarArchiveOutputStream(new GZIPOutputStream(Files.newOutputStream(file)))) {
            tar.setLongFileMode(longNames);
            for (String name : names) {
                byte[] data = name.getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry entry = new TarArchiveEntry(name, true);
                entry.setSize(data.length);
                tar.putArchiveEntry(entry);
                tar.write(data);
                tar.closeArchiveEntry();
            }
            TarArchiveEntry link = new TarArchiveEntry("link", TarConstants.LF_SYMLINK);
            link.setLinkName("/etc/passwd");
            tar.putArchiveEntry(link);
            tar.closeArchiveEntry();
        }
        return file;
    }

    private static void tarEntry(OutputStream out, String name, char type, byte[] data) throws IOException {
        byte[] header = new byte[512];
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(n, 0, header, 0, n.length);
        byte[] size = String.format("%011o", data.length).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(size, 0, header, 124, size.length);
        header[156] = (byte) type;
        System.arraycopy("ustar".getBytes(StandardCharsets.US_ASCII), 0, header, 257, 5);
        out.write(header);
        out.write(data);
        out.write(new byte[(512 - data.length % 512) % 512]);
    }
}
