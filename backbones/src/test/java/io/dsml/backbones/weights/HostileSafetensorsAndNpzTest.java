package io.dsml.backbones.weights;

import static io.dsml.backbones.weights.HostilePickleTest.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile {@code .safetensors} headers and {@code .npz} members: negative, non-integer and
 * overflowing dimensions, reversed or outlying data offsets, byte ranges that do not match the
 * element count, duplicate names, malformed JSON. Each is refused with one line naming the file.
 */
class HostileSafetensorsAndNpzTest {
    @TempDir
    Path dir;

    /** A safetensors file with this JSON header and 16 bytes of data (four floats 1, 2, 3, 4). */
    private Path safetensors(String header) throws IOException {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buf = ByteBuffer.allocate(8 + json.length + 16).order(ByteOrder.LITTLE_ENDIAN);
        buf.putLong(json.length).put(json);
        for (int i = 1; i <= 4; i++) {
            buf.putFloat(i);
        }
        Path file = dir.resolve("w.safetensors");
        Files.write(file, buf.array());
        return file;
    }

    private static String entry(String name, String shape, String offsets) {
        return "\"" + name + "\": {\"dtype\": \"F32\", \"shape\": " + shape + ", \"data_offsets\": " + offsets + "}";
    }

    static Stream<Arguments> hostileHeaders() {
        return Stream.of(
                Arguments.of(
                        "shape [-1], data_offsets [4, 0]", "{" + entry("w", "[-1]", "[4, 0]") + "}", "shape holds -1"),
                Arguments.of("shape [-1, -1] of one element", "{" + entry("w", "[-1, -1]", "[0, 4]") + "}", "holds -1"),
                Arguments.of("shape [2**62+1]", "{" + entry("w", "[4611686018427387905]", "[0, 4]") + "}", "overflows"),
                Arguments.of(
                        "shape [2**32, 2**32]",
                        "{" + entry("w", "[4294967296, 4294967296]", "[0, 0]") + "}",
                        "overflows"),
                Arguments.of(
                        "shape [\"2\"]", "{" + entry("w", "[\"2\"]", "[0, 8]") + "}", "not a non-negative integer"),
                Arguments.of("shape [2.5]", "{" + entry("w", "[2.5]", "[0, 8]") + "}", "not a non-negative integer"),
                Arguments.of("data_offsets [4, 0]", "{" + entry("w", "[0]", "[4, 0]") + "}", "do not hold"),
                Arguments.of("data_offsets [-4, 0]", "{" + entry("w", "[1]", "[-4, 0]") + "}", "holds -4"),
                Arguments.of(
                        "data_offsets beyond the file", "{" + entry("w", "[250]", "[0, 1000]") + "}", "do not hold"),
                Arguments.of(
                        "data_offsets [0, 2**64]", "{" + entry("w", "[0]", "[0, 18446744073709551616]") + "}", "holds"),
                Arguments.of("data_offsets of 3 numbers", "{" + entry("w", "[1]", "[0, 4, 8]") + "}", "malformed"),
                Arguments.of("element count vs byte range", "{" + entry("w", "[2]", "[0, 4]") + "}", "do not hold"),
                Arguments.of(
                        "a duplicate tensor name",
                        "{" + entry("w", "[1]", "[0, 4]") + ", " + entry("w", "[1]", "[4, 8]") + "}",
                        "Duplicate field 'w'"),
                Arguments.of("unterminated JSON", "{" + entry("w", "[1]", "[0, 4]"), "malformed safetensors header"),
                Arguments.of(
                        "JSON nested 2,000 deep",
                        "{\"__metadata__\": " + "[".repeat(2000) + "]".repeat(2000) + "}",
                        "malformed safetensors header"),
                Arguments.of(
                        "an unknown dtype",
                        "{\"w\": {\"dtype\": \"F8\", \"shape\": [1], \"data_offsets\": [0, 1]}}",
                        "unsupported"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileHeaders")
    void hostileSafetensorsHeadersAreRefused(String what, String header, String expected) throws IOException {
        assertRefused(safetensors(header), expected);
    }

    @Test
    void aWellFormedHeaderStillLoads() throws IOException {
        Path file = safetensors("{\"__metadata__\": {\"format\": \"pt\"}, " + entry("w", "[2, 2]", "[0, 16]") + "}");
        assertThat(SourceWeights.read(file).get("w").values()).containsExactly(1, 2, 3, 4);
    }

    /** A version 1.0 {@code .npy} with this shape text and {@code data} bytes. */
    private static byte[] npy(String shape, int dataBytes) {
        String header = "{'descr': '<f4', 'fortran_order': False, 'shape': " + shape + ", }\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        out.write(header.length() & 0xff);
        out.write(header.length() >> 8);
        out.writeBytes(header.getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(new byte[dataBytes]);
        return out.toByteArray();
    }

    private Path npz(Map<String, byte[]> entries) throws IOException {
        return HostilePickleTest.writeZip(dir.resolve("w.npz"), entries);
    }

    @Test
    void npzShapesWhoseElementCountOverflowsAreRefused() throws IOException {
        assertRefused(npz(Map.of("w.npy", npy("(65536, 65536, 65536, 65536)", 0))), "more elements than 64 bits");
        assertRefused(npz(Map.of("w.npy", npy("(2147483647, 2147483647, 4)", 0))), "more elements than 64 bits");
        assertRefused(npz(Map.of("w.npy", npy("(-2, 2)", 16))), "negative dimension");
        assertRefused(npz(Map.of("w.npy", npy("(2, 2)", 8))), "truncated");
    }

    @Test
    void anNpzWithAMemberNamedTwiceIsRefused() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("a.npy", npy("(1,)", 4));
        entries.put("b.npy", npy("(2,)", 8));
        Path file = npz(entries);
        // rename b.npy to a.npy in the local and central headers: same length, the CRC covers data only
        byte[] bytes = Files.readAllBytes(file);
        byte[] from = "b.npy".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i + from.length <= bytes.length; i++) {
            if (Arrays.equals(bytes, i, i + from.length, from, 0, from.length)) {
                bytes[i] = 'a';
            }
        }
        Files.write(file, bytes);
        assertRefused(file, "entry a.npy appears twice");
    }
}
