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

    @Test
    void reportsAMissingFile() {
        Path missing = dir.resolve("missing");
        assertThatThrownBy(() -> IdxFile.read(missing, 1)).hasMessage(missing + ": no such file");
    }
}
