package io.dsml.backbones.weights;

import static io.dsml.backbones.weights.HostilePickleTest.assertRefused;
import static io.dsml.backbones.weights.HostilePickleTest.unicode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsml.core.error.DsmlException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Tensor records whose geometry or storage is hostile, in zip and legacy {@code .pth} files
 * assembled here opcode by opcode: negative strides, shapes and strides whose extent overflows 64
 * bits (torch: "Storage size calculation overflowed"), views outside their storage, views that
 * repeat a few stored elements many times, storage entries that inflate far beyond their record
 * (a zip bomb) or hold less. Each is refused with one line naming the file; a well-formed file
 * built the same way loads.
 */
class HostileCheckpointTest {
    private static final long BIG = 1L << 62;

    @TempDir
    Path dir;

    /** LONG1 with 8 bytes: any long, two's complement little-endian. */
    private static String integer(long v) {
        StringBuilder sb = new StringBuilder("\u008a\u0008");
        for (int i = 0; i < 8; i++) {
            sb.append((char) ((v >>> (8 * i)) & 0xff));
        }
        return sb.toString();
    }

    private static String tuple(long... values) {
        return "("
                + LongStream.of(values).mapToObj(HostileCheckpointTest::integer).collect(Collectors.joining()) + "t";
    }

    /**
     * {'w': _rebuild_tensor_v2(storage '0' of {@code numel} floats, offset, size, stride)}; the
     * legacy persistent id has a sixth item (the view, None).
     */
    private static String stateDict(long numel, long offset, long[] size, long[] stride, boolean legacy) {
        return "\u0080\u0002}" + unicode("w") + "ctorch._utils\n_rebuild_tensor_v2\n(" + "(" + unicode("storage")
                + "ctorch\nFloatStorage\n" + unicode("0") + unicode("cpu") + integer(numel) + (legacy ? "N" : "")
                + "tQ" + integer(offset) + tuple(size) + tuple(stride) + "\u0089NtRs.";
    }

    private static byte[] floats(int n) {
        ByteBuffer b = ByteBuffer.allocate(4 * n).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            b.putFloat(i + 1);
        }
        return b.array();
    }

    private Path zipPth(String pickle, byte[] storage) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("archive/data.pkl", pickle.getBytes(StandardCharsets.ISO_8859_1));
        entries.put("archive/data/0", storage);
        return HostilePickleTest.writeZip(dir.resolve("w.pth"), entries);
    }

    /** Magic number, protocol 1001, system info, the object, the key list ['0'], then the storage. */
    private Path legacyPth(String pickle, long count, byte[] storage) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String magic = "\u0080\u0002\u008a\n\u006c\u00fc\u009c\u0046\u00f9\u0020\u006a\u00a8\u0050\u0019.";
        String header = magic + "\u0080\u0002M\u00e9\u0003." + "\u0080\u0002}." + pickle + "\u0080\u0002]("
                + unicode("0") + "e.";
        out.writeBytes(header.getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(ByteBuffer.allocate(8)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putLong(count)
                .array());
        out.writeBytes(storage);
        Path file = dir.resolve("legacy.pth");
        Files.write(file, out.toByteArray());
        return file;
    }

    @Test
    void wellFormedZipAndLegacyFilesLoad() throws IOException {
        String zipPickle = stateDict(6, 1, new long[] {2, 2}, new long[] {1, 2}, false);
        float[] expected = {2, 4, 3, 5}; // the transpose of [[2, 3], [4, 5]]
        assertThat(SourceWeights.read(zipPth(zipPickle, floats(6))).get("w").values())
                .containsExactly(expected);
        String legacyPickle = stateDict(6, 1, new long[] {2, 2}, new long[] {1, 2}, true);
        assertThat(SourceWeights.read(legacyPth(legacyPickle, 6, floats(6)))
                        .get("w")
                        .values())
                .containsExactly(expected);
    }

    static Stream<Arguments> hostileGeometry() {
        return Stream.of(
                Arguments.of("negative stride", 0L, new long[] {3}, new long[] {-1}, "malformed shape"),
                Arguments.of("negative stride ending inside", 2L, new long[] {3}, new long[] {-1}, "malformed shape"),
                Arguments.of("negative offset", -1L, new long[] {3}, new long[] {1}, "malformed shape"),
                Arguments.of("negative size", 0L, new long[] {-3}, new long[] {1}, "malformed shape"),
                Arguments.of("stride 2**62", 0L, new long[] {4}, new long[] {BIG}, "overflows 64 bits"),
                Arguments.of("strides 2**62 in 2-D", 0L, new long[] {2, 2}, new long[] {BIG, BIG}, "overflows"),
                Arguments.of("offset 2**63-1", Long.MAX_VALUE, new long[] {2}, new long[] {1}, "overflows"),
                Arguments.of("size 2**32 x 2**32", 0L, new long[] {1L << 32, 1L << 32}, new long[] {0, 0}, "overflows"),
                Arguments.of("stride reaching outside", 0L, new long[] {2, 2}, new long[] {5, 1}, "reaches beyond"),
                Arguments.of("offset reaching outside", 5L, new long[] {2}, new long[] {1}, "reaches beyond"),
                Arguments.of(
                        "1,000,000 copies of one element", 0L, new long[] {1_000_000}, new long[] {0}, "more than"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileGeometry")
    void hostileGeometryIsRefusedInZipFiles(String what, long offset, long[] size, long[] stride, String expected)
            throws IOException {
        assertRefused(zipPth(stateDict(6, offset, size, stride, false), floats(6)), expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileGeometry")
    void hostileGeometryIsRefusedInLegacyFiles(String what, long offset, long[] size, long[] stride, String expected)
            throws IOException {
        assertRefused(legacyPth(stateDict(6, offset, size, stride, true), 6, floats(6)), expected);
    }

    @Test
    void aStorageThatInflatesFarBeyondItsRecordIsRefusedBeforeInflating() throws IOException {
        byte[] bomb = new byte[32 << 20]; // 32 MiB of zeros deflate to about 32 KiB
        Path file = zipPth(stateDict(6, 0, new long[] {6}, new long[] {1}, false), bomb);
        assertThat(Files.size(file)).isLessThan(1 << 20);
        assertRefused(file, "storage 0 inflates to 33554432 bytes, its record declares 24; not inflated");
    }

    /** A data.pkl whose zip directory declares 2 GiB is refused before a byte of it is inflated. */
    @Test
    void aDataPklDeclaredBeyond256MiBIsRefusedUnread() throws IOException {
        Path file = HostilePickleTest.writeZip(
                dir.resolve("huge.pth"),
                Map.of("archive/data.pkl", "\u0080\u0002}.".getBytes(StandardCharsets.ISO_8859_1)));
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer zip = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (int at = 0; at + 28 <= bytes.length; at++) {
            if (zip.getInt(at) == 0x02014b50) { // central directory header: uncompressed size at +24
                zip.putInt(at + 24, Integer.MAX_VALUE);
            }
        }
        Files.write(file, bytes);
        assertRefused(file, "archive/data.pkl inflates to 2147483647 bytes, beyond the 268435456");
    }

    @Test
    void aStorageShorterThanItsRecordIsRefused() throws IOException {
        assertRefused(
                zipPth(stateDict(6, 0, new long[] {6}, new long[] {1}, false), floats(2)),
                "storage 0 inflates to 8 bytes, its record declares 24");
        assertRefused(legacyPth(stateDict(6, 0, new long[] {6}, new long[] {1}, true), 6, floats(2)), "8 are left");
    }

    @Test
    void storageRecordsWithImpossibleElementCountsAreRefused() throws IOException {
        for (long numel : new long[] {-1, BIG, Long.MAX_VALUE}) {
            assertRefused(
                    zipPth(stateDict(numel, 0, new long[] {1}, new long[] {1}, false), floats(1)),
                    "storage 0 declares " + numel + " elements");
            assertRefused(
                    legacyPth(stateDict(1, 0, new long[] {1}, new long[] {1}, true), numel, floats(1)),
                    "storage 0 declares " + numel + " elements");
        }
    }

    @Test
    void aLegacyFileCutBeforeItsStorageIsRefused() throws IOException {
        Path file = legacyPth(stateDict(6, 0, new long[] {6}, new long[] {1}, true), 6, floats(6));
        byte[] all = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(all, all.length - 24 - 4));
        assertRefused(file, "malformed legacy file at storage 0");
    }

    @Test
    void theViewChecksHoldForAStorageGivenDirectly() {
        TorchCheckpoint.Storage one = new TorchCheckpoint.Storage(DType.F32, "0", ByteBuffer.wrap(floats(1)));
        TorchPickle.TensorRef repeated = new TorchPickle.TensorRef(one, 0, new long[] {4}, new long[] {0});
        assertThatThrownBy(() -> TorchCheckpoint.materialise(Path.of("w.pth"), "w", repeated))
                .isInstanceOf(DsmlException.class)
                .hasMessage("w.pth: tensor w (4) has 4 elements, more than the 1 of its storage 0");
    }
}
