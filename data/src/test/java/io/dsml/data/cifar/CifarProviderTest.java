package io.dsml.data.cifar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.dsml.core.params.Params;
import io.dsml.core.spi.DatasetSplits;
import io.dsml.data.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CifarProviderTest {
    @TempDir
    Path tmp;

    /** {@code records} records with label bytes {@code labels(r)} and pixel value r at every position of channel 0. */
    static byte[] records(int records, int labelBytes, java.util.function.IntFunction<int[]> labels) {
        int size = labelBytes + 3072;
        byte[] data = new byte[records * size];
        for (int r = 0; r < records; r++) {
            int[] l = labels.apply(r);
            for (int b = 0; b < labelBytes; b++) {
                data[r * size + b] = (byte) l[b];
            }
            Arrays.fill(data, r * size + labelBytes, r * size + labelBytes + 1024, (byte) (r * 10));
        }
        return data;
    }

    static Path cifar10(Path parent, int perBatch) {
        Path dir = parent.resolve("cifar-10-batches-bin");
        for (int b = 1; b <= 5; b++) {
            int batch = b;
            Fixtures.write(dir.resolve("data_batch_" + b + ".bin"), records(perBatch, 1, r ->
                    new int[] {(batch + r) % 10}));
        }
        Fixtures.write(dir.resolve("test_batch.bin"), records(perBatch, 1, r -> new int[] {9 - r % 10}));
        Fixtures.write(
                dir.resolve("batches.meta.txt"),
                "airplane\nautomobile\nbird\ncat\ndeer\ndog\nfrog\nhorse\nship\ntruck\n\n");
        return dir;
    }

    private static Params params(CifarProvider p, Object... kv) {
        Map<String, Object> given = new HashMap<>(Map.of("strict_counts", false));
        for (int i = 0; i < kv.length; i += 2) {
            given.put((String) kv[i], kv[i + 1]);
        }
        return Params.resolve("dataset.params", p.params(), given);
    }

    @Test
    void cifar10ReadsAllBatchesWithLabelsAndChannelsFirstPixels() {
        cifar10(tmp, 3);
        CifarProvider p = CifarProvider.cifar10();
        DatasetSplits s = p.load(params(p), "classification", tmp);
        assertThat(s.train().size()).isEqualTo(15);
        assertThat(s.test().size()).isEqualTo(3);
        assertThat(s.train().labels()).startsWith(1, 2, 3, 2, 3, 4);
        assertThat(s.test().labels()).containsExactly(9, 8, 7);
        assertThat(s.sharedClasses()).isTrue();
        float[] out = new float[3072];
        s.test().read(2, out, 0, false, null);
        assertThat(out[1023]).isCloseTo((20 / 255f - 0.4914f) / 0.2470f, within(1e-5f));
        assertThat(out[1024]).isCloseTo((0 - 0.4822f) / 0.2435f, within(1e-5f));
    }

    @Test
    void cifar100ChoosesFineOrCoarseLabels() {
        Path dir = tmp.resolve("cifar-100-binary");
        Fixtures.write(dir.resolve("train.bin"), records(4, 2, r -> new int[] {r, 50 + r}));
        Fixtures.write(dir.resolve("test.bin"), records(2, 2, r -> new int[] {19, 99}));
        CifarProvider p = CifarProvider.cifar100();
        DatasetSplits fine = p.load(params(p), "classification", tmp);
        assertThat(fine.train().labels()).containsExactly(50, 51, 52, 53);
        assertThat(fine.train().classes()).isEqualTo(100);
        DatasetSplits coarse = p.load(params(p, "labels", "coarse"), "classification", dir);
        assertThat(coarse.train().labels()).containsExactly(0, 1, 2, 3);
        assertThat(coarse.test().labels()).containsExactly(19, 19);
        assertThat(coarse.train().classes()).isEqualTo(20);
    }

    @Test
    void truncatedBatchIsReported() throws IOException {
        Path dir = cifar10(tmp, 2);
        Path batch = dir.resolve("data_batch_3.bin");
        Files.write(batch, Arrays.copyOf(Files.readAllBytes(batch), 3073 + 100));
        CifarProvider p = CifarProvider.cifar10();
        assertThatThrownBy(() -> p.load(params(p), "classification", dir))
                .hasMessage(batch + ": 3173 bytes is not a whole number of 3073-byte records "
                        + "(truncated or not the binary version?)");
    }

    @Test
    void officialCountsAreRequiredByDefault() {
        Path dir = cifar10(tmp, 2);
        CifarProvider p = CifarProvider.cifar10();
        Params strict = Params.resolve("dataset.params", p.params(), Map.of());
        assertThatThrownBy(() -> p.load(strict, "classification", dir))
                .hasMessageStartingWith(dir.resolve("data_batch_1.bin") + ": 2 records, the official file has 10000");
    }

    @Test
    void labelOutOfRangeIsReported() {
        Path dir = cifar10(tmp, 2);
        Fixtures.write(dir.resolve("test_batch.bin"), records(2, 1, r -> new int[] {r == 1 ? 10 : 0}));
        CifarProvider p = CifarProvider.cifar10();
        assertThatThrownBy(() -> p.load(params(p), "classification", dir))
                .hasMessage(dir.resolve("test_batch.bin") + ": record 1 (byte 3073): label 10 is not in 0-9");
    }

    @Test
    void missingBatchAndWrongNamesFileAreReported() throws IOException {
        Path dir = cifar10(tmp, 1);
        Fixtures.write(dir.resolve("batches.meta.txt"), "a\nb\n");
        CifarProvider p = CifarProvider.cifar10();
        assertThatThrownBy(() -> p.load(params(p), "classification", dir))
                .hasMessageStartingWith(dir.resolve("batches.meta.txt") + ": 2 class names, expected 10");
        Files.delete(dir.resolve("batches.meta.txt"));
        Files.delete(dir.resolve("data_batch_4.bin"));
        assertThatThrownBy(() -> p.load(params(p), "classification", dir))
                .hasMessage(dir.resolve("data_batch_4.bin") + ": no such file");
    }

    @Test
    void pythonVersionIsNotMistakenForTheBinaryOne() {
        Fixtures.write(tmp.resolve("cifar-10-batches-py/data_batch_1"), new byte[10]);
        CifarProvider p = CifarProvider.cifar10();
        assertThatThrownBy(() -> p.load(params(p), "classification", tmp))
                .hasMessageContaining("data_batch_1.bin not found in [" + tmp + "]")
                .hasMessageContaining("binary version (cifar-10-binary.tar.gz, not the python or matlab one)");
    }

    @Test
    void classNamesSavedWithAByteOrderMarkReadAsWritten() throws IOException {
        Path names = Files.writeString(tmp.resolve("batches.meta.txt"), "\uFEFFairplane\nautomobile\n");
        assertThat(CifarBinary.names(names, 2)).containsExactly("airplane", "automobile");
    }
}
