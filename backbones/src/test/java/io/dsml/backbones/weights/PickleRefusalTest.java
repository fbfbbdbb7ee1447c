package io.dsml.backbones.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import io.dsml.backbones.Nets;
import io.dsml.core.error.DsmlException;
import io.dsml.core.spi.ImageShape;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pickles that would run code are refused with one line naming what they ask for, and run
 * nothing: each would create a marker file (under Python it does, see {@link
 * TorchParityTest#theRefusedPickleRunsCodeUnderPython}); after dsml refuses it, the marker does
 * not exist.
 */
class PickleRefusalTest {
    @TempDir
    Path dir;

    /** Protocol 2: {@code os.system(command)} through GLOBAL and REDUCE, what a hostile .pth holds. */
    static byte[] osSystemPickle(String command) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x80);
        out.write(2);
        out.writeBytes("cos\nsystem\n".getBytes(StandardCharsets.US_ASCII));
        writeUnicode(out, command);
        out.write(0x85); // TUPLE1
        out.write('R');
        out.write('.');
        return out.toByteArray();
    }

    /** Protocol 4: {@code builtins.eval(source)} through STACK_GLOBAL. */
    static byte[] evalPickle(String source) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x80);
        out.write(4);
        writeUnicode(out, "builtins");
        writeUnicode(out, "eval");
        out.write(0x93); // STACK_GLOBAL
        writeUnicode(out, source);
        out.write(0x85);
        out.write('R');
        out.write('.');
        return out.toByteArray();
    }

    private static void writeUnicode(ByteArrayOutputStream out, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.write('X');
        out.writeBytes(ByteBuffer.allocate(4)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putInt(bytes.length)
                .array());
        out.writeBytes(bytes);
    }

    @Test
    void aLegacyPthThatCallsOsSystemIsRefusedAndRunsNothing() throws IOException {
        Path marker = dir.resolve("ran");
        Path file = dir.resolve("evil.pth");
        Files.write(file, osSystemPickle("touch " + marker));
        assertThatThrownBy(() -> SourceWeights.read(file))
                .isInstanceOf(DsmlException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("refused")
                .hasMessageContaining("os.system")
                .hasMessageContaining("nothing in it was run");
        assertThat(marker).doesNotExist();
    }

    @Test
    void aZipPthWhoseDataPklCallsEvalIsRefused() throws IOException {
        Path marker = dir.resolve("ran");
        Path file = dir.resolve("evil-zip.pth");
        try (OutputStream os = Files.newOutputStream(file);
                ZipOutputStream zip = new ZipOutputStream(os)) {
            zip.putNextEntry(new ZipEntry("archive/data.pkl"));
            zip.write(evalPickle("open('" + marker + "', 'w')"));
            zip.closeEntry();
        }
        assertThatThrownBy(() -> SourceWeights.read(file))
                .isInstanceOf(DsmlException.class)
                .hasMessageContaining("builtins.eval");
        assertThat(marker).doesNotExist();
    }

    @Test
    void objectConstructionOpcodesAreRefused() {
        byte[] newobj = {
            (byte) 0x80,
            2,
            'c',
            't',
            'o',
            'r',
            'c',
            'h',
            '\n',
            'F',
            'l',
            'o',
            'a',
            't',
            'S',
            't',
            'o',
            'r',
            'a',
            'g',
            'e',
            '\n',
            ')',
            (byte) 0x81,
            '.'
        };
        assertThatThrownBy(() -> TorchPickle.load(ByteBuffer.wrap(newobj), "x.pth", pid -> pid))
                .isInstanceOf(DsmlException.class)
                .hasMessageContaining("NEWOBJ");
        byte[] callStorage = {
            (byte) 0x80,
            2,
            'c',
            't',
            'o',
            'r',
            'c',
            'h',
            '\n',
            'F',
            'l',
            'o',
            'a',
            't',
            'S',
            't',
            'o',
            'r',
            'a',
            'g',
            'e',
            '\n',
            ')',
            'R',
            '.'
        };
        assertThatThrownBy(() -> TorchPickle.load(ByteBuffer.wrap(callStorage), "x.pth", pid -> pid))
                .isInstanceOf(DsmlException.class)
                .hasMessageContaining("not a state_dict constructor");
    }

    @Test
    void aRefusedWeightsFileFailsTheBackboneWithOneLine() throws IOException {
        Path marker = dir.resolve("ran");
        Path file = dir.resolve("evil.pth");
        Files.write(file, osSystemPickle("touch " + marker));
        ImageShape input = new ImageShape(3, 32, 32);
        Block block = Nets.create("resnet18", Map.of("weights", file.toString()), input);
        try (NDManager manager = NDManager.newBaseManager()) {
            assertThatThrownBy(() -> Nets.infer(block, manager, 1, input))
                    .isInstanceOf(DsmlException.class)
                    .hasMessageContaining("os.system")
                    .message()
                    .doesNotContain("\n");
        }
        assertThat(marker).doesNotExist();
    }
}
