package io.dsml.data.idx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsml.core.error.DsmlException;
import io.dsml.data.testing.IdxWriter;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxFileTest {
    @TempDir
    Path dir;

    @Test
    void readsPlainAndGzippedFiles() throws Exception {
        byte[] data = {1, 2, 3, 4, 5, 6, (byte) 255, 0, 9, 10, 11, 12};
        byte[] file = IdxWriter.idx(data, 3, 2, 2);
        for (String name : new String[] {"a-idx3-ubyte", "a-idx3-ubyte.gz"}) {
            IdxFile.IdxArray array = IdxFile.read(IdxWriter.write(dir.resolve(name), file), 3);
            assertThat(array.dims()).containsExactly(3, 2, 2);
            assertThat(array.data()).containsExactly(data);
            assertThat(array.count()).isEqualTo(3);
        }
    }

    @Test
    void rejectsATruncatedFileNamingIt() throws Exception {
        byte[] file = IdxWriter.idx(new byte[12], 3, 2, 2);
        Path truncated = IdxWriter.write(dir.resolve("t.idx"), Arrays.copyOf(file, file.length - 5));
        assertThatThrownBy(() -> IdxFile.read(truncated, 3))
                .isInstanceOf(DsmlException.class)
                .hasMessage(truncated + ": truncated: header declares 12 bytes of data");
        Path header = IdxWriter.write(dir.resolve("h.idx"), Arrays.copyOf(file, 6));
        assertThatThrownBy(() -> IdxFile.read(header, 3)).hasMessage(header + ": truncated header");
    }

    @Test
    void rejectsWrongMagicOrDimensions() throws Exception {
        Path labels = IdxWriter.write(dir.resolve("labels"), IdxWriter.idx(new byte[4], 4));
        assertThatThrownBy(() -> IdxFile.read(labels, 3))
                .hasMessageContaining(labels + ": not an idx file of 3-dimensional unsigned bytes (magic 0x00000801)");
        Path text = IdxWriter.write(dir.resolve("text"), "hello world, not idx".getBytes());
        assertThatThrownBy(() -> IdxFile.read(text, 1)).hasMessageContaining("not an idx file");
    }

    /** Headers the reader used to trust: a 0 x 0 image made an array it later failed on. */
    @Test
    void rejectsZeroNegativeAndOverflowingDimensions() throws Exception {
        for (String name : new String[] {"z-idx3-ubyte", "z-idx3-ubyte.gz"}) {
            Path zero = IdxWriter.write(dir.resolve(name), IdxWriter.idx(new byte[0], 200, 0, 0));
            assertThatThrownBy(() -> IdxFile.read(zero, 3))
                    .isInstanceOf(DsmlException.class)
                    .hasMessage(zero + ": header declares size 0 for dimension 2 of 3 (dimensions 200 x 0 x 0);"
                            + " every size must be at least 1");
        }
        Path none = IdxWriter.write(dir.resolve("none"), IdxWriter.idx(new byte[0], 0));
        assertThatThrownBy(() -> IdxFile.read(none, 1)).hasMessageContaining("size 0 for dimension 1 of 1");
        Path negative = IdxWriter.write(dir.resolve("negative"), IdxWriter.idx(new byte[4], Integer.MIN_VALUE, 2, 2));
        assertThatThrownBy(() -> IdxFile.read(negative, 3))
                .hasMessageContaining("size 2147483648 for dimension 1 of 3");
        // 65536^3 = 2^48 would wrap an int product; 2^16 x 2^16 x 1 = 2^32 just as well
        Path huge = IdxWriter.write(dir.resolve("huge"), IdxWriter.idx(new byte[4], 65536, 65536, 65536));
        assertThatThrownBy(() -> IdxFile.read(huge, 3))
                .hasMessage(huge + ": header declares dimensions 65536 x 65536 x 65536, more than one array holds");
    }

    /** The data must be exactly what the header declares: neither shorter nor longer. */
    @Test
    void rejectsDataBeyondTheHeadersSizeOrFarShortOfIt() throws Exception {
        for (String name : new String[] {"long", "long.gz"}) {
            Path longer = IdxWriter.write(dir.resolve(name), IdxWriter.idx(new byte[13], 3, 2, 2));
            assertThatThrownBy(() -> IdxFile.read(longer, 3))
                    .hasMessage(longer + ": data goes on past the 12 bytes that the header declares"
                            + " (dimensions 3 x 2 x 2)");
        }
        // 1.2 GB declared, 10 bytes present: refused as truncated, without allocating the 1.2 GB
        Path claims = IdxWriter.write(dir.resolve("claims"), IdxWriter.idx(new byte[10], 1_200_000, 1000, 1));
        assertThatThrownBy(() -> IdxFile.read(claims, 3))
                .hasMessage(claims + ": truncated: header declares 1200000000 bytes of data");
    }

    @Test
    void reportsAMissingFile() {
        Path missing = dir.resolve("missing");
        assertThatThrownBy(() -> IdxFile.read(missing, 1)).hasMessage(missing + ": no such file");
    }
}
