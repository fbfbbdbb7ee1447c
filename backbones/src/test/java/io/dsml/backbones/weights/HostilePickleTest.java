package io.dsml.backbones.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsml.core.error.DsmlException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile pickles (the review's battery of issue 27 and their variants), each as a legacy {@code
 * .pth} (the pickle is the file) and as a zip {@code .pth} ({@code archive/data.pkl}): every one
 * is refused with one line naming the file and what is wrong, never a NumberFormatException, a
 * StackOverflowError or a parse that takes minutes (a text number's length is refused before it
 * is parsed).
 */
class HostilePickleTest {
    @TempDir
    Path dir;

    private static final String PROTO = "\u0080\u0002";

    /** BINUNICODE: 'X', a little-endian int32 length, the UTF-8 bytes. */
    static String unicode(String s) {
        int n = s.length();
        return "X" + (char) (n & 0xff) + (char) ((n >> 8) & 0xff) + (char) ((n >> 16) & 0xff) + (char) (n >>> 24) + s;
    }

    /** {@code n} dicts nested as {'state_dict': {'state_dict': ... {}}}, built bottom-up with SETITEM. */
    private static String nestedDicts(int n) {
        return PROTO + ("}" + unicode("state_dict")).repeat(n) + "}" + "s".repeat(n) + ".";
    }

    static Stream<Arguments> hostilePickles() {
        return Stream.of(
                Arguments.of("text LONG of 100,000 digits", PROTO + "L" + "9".repeat(100_000) + "L\n.", "LONG"),
                Arguments.of("text INT of 100,000 digits", PROTO + "I" + "9".repeat(100_000) + "\n.", "INT"),
                Arguments.of("text FLOAT of 100,000 digits", PROTO + "F1." + "9".repeat(100_000) + "\n.", "FLOAT"),
                Arguments.of(
                        "LONG4 of 1,000 bytes",
                        PROTO + "\u008b\u00e8\u0003\u0000\u0000" + "\u0001".repeat(1000) + ".",
                        "LONG4"),
                Arguments.of("INT that is no number", PROTO + "Iabc\n.", "INT expects an integer, got 'abc'"),
                Arguments.of("LONG that is no number", PROTO + "L12x4L\n.", "LONG expects an integer"),
                Arguments.of("FLOAT that is no number", PROTO + "Fnotafloat\n.", "FLOAT expects a number"),
                Arguments.of("FLOAT in Java's hex syntax", PROTO + "F0x1p3\n.", "FLOAT expects a number"),
                Arguments.of("PUT with a non-integer memo key", PROTO + "K\u0001pabc\n.", "PUT expects a memo key"),
                Arguments.of("GET with a negative memo key", PROTO + "K\u0001p0\ng-1\n.", "GET expects a memo key"),
                Arguments.of(
                        "dict that is its own state_dict",
                        PROTO + "}q\u0000" + unicode("state_dict") + "h\u0000s.",
                        "contains itself"),
                Arguments.of("self-containing list as a dict key", PROTO + "]q\u0000h\u0000a}h\u0000Ns.", "hash"),
                Arguments.of("dict as a dict key", PROTO + "}}Ns.", "hash"),
                Arguments.of("list inside a tuple inside itself", PROTO + "]q\u0000h\u0000\u0085a.", "contains itself"),
                Arguments.of("100,000 nested state_dicts", nestedDicts(100_000), "nested more than 100 deep"),
                Arguments.of("100,000 nested lists", PROTO + "]".repeat(100_000) + "a".repeat(99_999) + ".", "deep"),
                Arguments.of(
                        "2**20 + 1 memo entries", PROTO + "N" + "\u0094".repeat((1 << 20) + 1) + ".", "memo entries"),
                Arguments.of("string longer than the file", PROTO + "X\u00ff\u00ff\u00ff\u007fabc.", "beyond the data"),
                Arguments.of("negative BINBYTES length", PROTO + "B\u00ff\u00ff\u00ff\u00ffabc.", "beyond the data"),
                Arguments.of("GET of a key never stored", PROTO + "h\u0007.", "never stored"),
                Arguments.of("truncated pickle", PROTO + "}" + unicode("a"), "truncated"));
    }

    private Path legacy(String pickle) throws IOException {
        Path file = dir.resolve("legacy.pth");
        Files.write(file, pickle.getBytes(StandardCharsets.ISO_8859_1));
        return file;
    }

    private Path zip(String pickle) throws IOException {
        return writeZip(
                dir.resolve("zip.pth"), Map.of("archive/data.pkl", pickle.getBytes(StandardCharsets.ISO_8859_1)));
    }

    /** A zip (deflated) of the given entries, in the map's order. */
    static Path writeZip(Path file, Map<String, byte[]> entries) throws IOException {
        try (OutputStream os = Files.newOutputStream(file);
                ZipOutputStream zip = new ZipOutputStream(os)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
        return file;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostilePickles")
    void aLegacyPthIsRefusedWithOneLine(String what, String pickle, String expected) throws IOException {
        assertRefused(legacy(pickle), expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostilePickles")
    void aZipPthIsRefusedWithOneLine(String what, String pickle, String expected) throws IOException {
        assertRefused(zip(pickle), expected);
    }

    static void assertRefused(Path file, String expected) {
        assertThatThrownBy(() -> SourceWeights.read(file))
                .isInstanceOf(DsmlException.class)
                .hasMessageStartingWith(file.toString())
                .hasMessageContaining(expected)
                .message()
                .doesNotContain("\n");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wellFormedNumbers")
    void theNumbersPythonWritesStillParse(String text, Object expected) {
        Object value = TorchPickle.load(
                java.nio.ByteBuffer.wrap((PROTO + text + ".").getBytes(StandardCharsets.ISO_8859_1)), "t", pid -> pid);
        assertThat(value).isEqualTo(expected);
    }

    static Stream<Arguments> wellFormedNumbers() {
        return Stream.of(
                Arguments.of("I-12\n", -12L),
                Arguments.of("I01\n", Boolean.TRUE),
                Arguments.of("L119547037146038801333356L\n", new java.math.BigInteger("119547037146038801333356")),
                Arguments.of("F-1.5e-07\n", -1.5e-07),
                Arguments.of("Finf\n", Double.POSITIVE_INFINITY),
                Arguments.of("K\u0005p12\n0g12\n", 5L));
    }

    @Test
    void aDeepButBoundedStructureIsAccepted() {
        Object value = TorchPickle.load(
                java.nio.ByteBuffer.wrap(nestedDicts(98).getBytes(StandardCharsets.ISO_8859_1)), "t", pid -> pid);
        assertThat(value).isInstanceOf(java.util.Map.class);
    }
}
