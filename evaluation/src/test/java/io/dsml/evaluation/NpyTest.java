package io.dsml.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyTest {
    @TempDir
    Path dir;

    /** Builds a file with the given version, header dict text and data bytes. */
    private Path file(String name, int major, String dict, byte[] data) throws IOException {
        byte[] text = (dict + "\n").getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer b = ByteBuffer.allocate(12 + text.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, 0});
        if (major == 1) {
            b.putShort((short) text.length);
        } else {
            b.putInt(text.length);
        }
        b.put(text).put(data);
        Path p = dir.resolve(name);
        Files.write(p, java.util.Arrays.copyOf(b.array(), b.position()));
        return p;
    }

    private static byte[] le(int bytesPer, long... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * bytesPer).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            switch (bytesPer) {
                case 1 -> b.put((byte) v);
                case 4 -> b.putInt((int) v);
                default -> b.putLong(v);
            }
        }
        return b.array();
    }

    @Test
    void floatAndIntRoundTrip() throws IOException {
        Path f = dir.resolve("x.npy");
        float[] data = {1.5f, -2f, 0f, 3.25f, Float.MIN_VALUE, 7f};
        Npy.writeFloat(f, data, 2, 3);
        NpyArray a = Npy.read(f);
        assertThat(a.shape()).containsExactly(2, 3);
        assertThat(a.descr()).isEqualTo("<f4");
        assertThat(a.asFloats()).containsExactly(data);
        assertThat(Files.size(f) - data.length * 4L % 64).isNotNegative();

        Path i = dir.resolve("y.npy");
        Npy.writeInt(i, new int[] {3, -1, Integer.MAX_VALUE});
        assertThat(Npy.read(i).shape()).containsExactly(3);
        assertThat(Npy.read(i).asInts()).containsExactly(3, -1, Integer.MAX_VALUE);
        assertThat(Npy.read(i).asFloats()).containsExactly(3f, -1f, (float) Integer.MAX_VALUE);
    }

    @Test
    void headerIsNumpyCompatibleAndAligned() throws IOException {
        Path f = dir.resolve("a.npy");
        Npy.writeFloat(f, new float[6], 6);
        byte[] bytes = Files.readAllBytes(f);
        int headerEnd = bytes.length - 24;
        assertThat(headerEnd % 64).isZero();
        String header = new String(bytes, 10, headerEnd - 10, StandardCharsets.ISO_8859_1);
        assertThat(header)
                .startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (6,), }")
                .endsWith("\n");
    }

    @Test
    void readsOtherDtypesAndVersions() throws IOException {
        assertThat(Npy.read(file(
                                "f8.npy",
                                1,
                                "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }",
                                ByteBuffer.allocate(16)
                                        .order(ByteOrder.LITTLE_ENDIAN)
                                        .putDouble(2.0)
                                        .putDouble(-0.5)
                                        .array()))
                        .asFloats())
                .containsExactly(2f, -0.5f);
        assertThat(Npy.read(file(
                                "i8.npy",
                                2,
                                "{'descr': '<i8', 'fortran_order': False, 'shape': (3, 1), }",
                                le(8, 5, -6, 7)))
                        .asInts())
                .containsExactly(5, -6, 7);
        assertThat(Npy.read(file(
                                "u1.npy",
                                3,
                                "{'descr': '|u1', 'fortran_order': False, 'shape': (2,), }",
                                le(1, 200, 1)))
                        .asInts())
                .containsExactly(200, 1);
        NpyArray scalar =
                Npy.read(file("s.npy", 1, "{'descr': '<i4', 'fortran_order': False, 'shape': (), }", le(4, 42)));
        assertThat(scalar.shape()).isEmpty();
        assertThat(scalar.asInts()).containsExactly(42);
    }

    @Test
    void asIntsRejectsNonIntegralValues() throws IOException {
        Path f = dir.resolve("labels.npy");
        Npy.writeFloat(f, new float[] {1f, 2.5f});
        assertThatThrownBy(() -> Npy.read(f).asInts())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("labels.npy")
                .hasMessageContaining("element 1 is 2.5");
        Path big = file("big.npy", 1, "{'descr': '<i8', 'fortran_order': False, 'shape': (1,), }", le(8, 1L << 40));
        assertThatThrownBy(() -> Npy.read(big).asInts())
                .hasMessageContaining("big.npy")
                .hasMessageContaining("int32");
    }

    @Test
    void malformedFilesAreRejectedWithTheFileNameAndReason() throws IOException {
        Path notNpy = dir.resolve("plain.npy");
        Files.writeString(notNpy, "hello world, not numpy");
        assertThatThrownBy(() -> Npy.read(notNpy))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("plain.npy")
                .hasMessageContaining("magic");

        String ok = "'fortran_order': False, 'shape': (2,), }";
        assertThatThrownBy(() -> Npy.read(file("be.npy", 1, "{'descr': '>f4', " + ok, le(4, 0, 0))))
                .hasMessageContaining("be.npy")
                .hasMessageContaining("big-endian");
        assertThatThrownBy(() -> Npy.read(file("c8.npy", 1, "{'descr': '<c8', " + ok, le(8, 0, 0))))
                .hasMessageContaining("c8.npy")
                .hasMessageContaining("unsupported dtype '<c8'");
        assertThatThrownBy(() -> Npy.read(
                        file("fo.npy", 1, "{'descr': '<f4', 'fortran_order': True, 'shape': (2,), }", le(4, 0, 0))))
                .hasMessageContaining("fo.npy")
                .hasMessageContaining("Fortran");
        assertThatThrownBy(() -> Npy.read(file("short.npy", 1, "{'descr': '<f4', " + ok, le(4, 0))))
                .hasMessageContaining("short.npy")
                .hasMessageContaining("truncated");
        assertThatThrownBy(() -> Npy.read(file("long.npy", 1, "{'descr': '<f4', " + ok, le(4, 0, 0, 0))))
                .hasMessageContaining("long.npy")
                .hasMessageContaining("trailing");
        assertThatThrownBy(() -> Npy.read(file("noshape.npy", 1, "{'descr': '<f4', 'fortran_order': False}", le(4, 0))))
                .hasMessageContaining("noshape.npy")
                .hasMessageContaining("'shape'");
        assertThatThrownBy(() -> Npy.read(file(
                        "badshape.npy", 1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2, x), }", le(4, 0))))
                .hasMessageContaining("badshape.npy")
                .hasMessageContaining("bad shape entry 'x'");
        assertThatThrownBy(() -> Npy.read(file("v9.npy", 9, "{}", new byte[0])))
                .hasMessageContaining("v9.npy")
                .hasMessageContaining("version 9");
    }

    @Test
    void writeRejectsShapeMismatchAndLeavesNoFile() {
        Path f = dir.resolve("bad.npy");
        assertThatThrownBy(() -> Npy.writeFloat(f, new float[5], 2, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bad.npy")
                .hasMessageContaining("[2, 3] holds 6 values but data has 5");
        assertThat(f).doesNotExist();
    }
}
