package io.dsml.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dsml.evaluation.Npy;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dsml embed ... --spark 'local[2]'}: the same numbers as {@code dsml embed} on one machine. */
class SparkEmbedTest {
    private static final int IMAGES = 37;

    @Test
    void shardsConcatenatedEqualTheSingleMachineEmbeddings(@TempDir Path tmp) throws Exception {
        Path run = Grid.plainRun();
        Path images = writeImages(tmp.resolve("photos"));
        Path single = tmp.resolve("single.npy");
        Path singlePaths = tmp.resolve("single.txt");
        Cli plain = Cli.run(
                "embed",
                "--run",
                run.toString(),
                "--images",
                images.toString(),
                "--out",
                single.toString(),
                "--paths-out",
                singlePaths.toString());
        assertThat(plain.exitCode()).as(plain.err()).isZero();

        Path outDir = tmp.resolve("sharded");
        Cli sharded = Cli.run(
                "embed",
                "--run",
                run.toString(),
                "--images",
                images.toString(),
                "--spark",
                "local[2]",
                "--out",
                outDir.toString());
        assertThat(sharded.exitCode()).as(sharded.err()).isZero();
        assertThat(sharded.out()).contains("37 x 64 embeddings in 2 shard(s) -> " + outDir);

        JsonNode manifest =
                new ObjectMapper().readTree(outDir.resolve("manifest.json").toFile());
        assertThat(manifest.get("format").asText()).isEqualTo("dsml-embeddings");
        assertThat(manifest.get("count").asInt()).isEqualTo(IMAGES);
        assertThat(manifest.get("dim").asInt()).isEqualTo(64);
        assertThat(manifest.get("shards").asInt()).isEqualTo(2);
        assertSameEmbeddings(Npy.read(single).asFloats(), outDir, manifest);

        List<String> index = Files.readAllLines(outDir.resolve("index.tsv"));
        assertThat(index.get(0)).isEqualTo("shard\trow\tpath");
        assertThat(index.subList(1, index.size()).stream()
                        .map(l -> l.split("\t", 3)[2])
                        .toList())
                .containsExactlyElementsOf(Files.readAllLines(singlePaths));
        assertThat(index.get(1)).startsWith("0\t0\t");
        assertThat(index.get(20)).startsWith("1\t0\t"); // 37 images: shards of 19 and 18

        // --images-list: the list's order, here reversed, on both paths
        List<String> reversed = new ArrayList<>(Files.readAllLines(singlePaths));
        java.util.Collections.reverse(reversed);
        Path list = tmp.resolve("list.txt");
        Files.write(list, reversed);
        Path listSingle = tmp.resolve("list.npy");
        Cli fromList = Cli.run(
                "embed", "--run", run.toString(), "--images-list", list.toString(), "--out", listSingle.toString());
        assertThat(fromList.exitCode()).as(fromList.err()).isZero();
        Path listOut = tmp.resolve("list-sharded");
        Cli listSharded = Cli.run(
                "embed",
                "--run",
                run.toString(),
                "--images-list",
                list.toString(),
                "--spark",
                "local[2]",
                "--shards",
                "3",
                "--out",
                listOut.toString());
        assertThat(listSharded.exitCode()).as(listSharded.err()).isZero();
        JsonNode listManifest =
                new ObjectMapper().readTree(listOut.resolve("manifest.json").toFile());
        assertThat(listManifest.get("shards").asInt()).isEqualTo(3);
        assertSameEmbeddings(Npy.read(listSingle).asFloats(), listOut, listManifest);
        float[] forward = Npy.read(single).asFloats();
        float[] backward = Npy.read(listSingle).asFloats();
        // Each image at the mirrored position of another batch: the same embedding to 1e-6, the
        // promise README makes. Not bit-exact: the engine's kernels depend on the batch they see
        // (differences of ~4e-8 on a loaded machine).
        for (int row = 0; row < IMAGES; row++) {
            int mirrored = IMAGES - 1 - row;
            for (int j = 0; j < 64; j++) {
                assertThat(backward[row * 64 + j])
                        .as("row %d, value %d", row, j)
                        .isCloseTo(forward[mirrored * 64 + j], org.assertj.core.data.Offset.offset(1e-6f));
            }
        }

        // an existing output is never overwritten in part
        Cli again = Cli.run(
                "embed",
                "--run",
                run.toString(),
                "--images",
                images.toString(),
                "--spark",
                "local[2]",
                "--out",
                outDir.toString());
        assertThat(again.exitCode()).isEqualTo(2);
        assertThat(again.err())
                .isEqualTo("dsml: --out " + outDir + ": not empty; give a new or empty output " + "directory\n");
    }

    @Test
    void anUnreadableImageIsOneLineNamingItAndItsShard(@TempDir Path tmp) throws Exception {
        Path run = Grid.plainRun();
        Path images = writeImages(tmp.resolve("photos"));
        Path broken = images.resolve("b/zz-broken.png"); // sorts last: the second shard
        Files.writeString(broken, "this is no PNG");
        Path outDir = tmp.resolve("out");
        Cli run2 = Cli.run(
                "embed",
                "--run",
                run.toString(),
                "--images",
                images.toString(),
                "--spark",
                "local[2]",
                "--out",
                outDir.toString());
        assertThat(run2.exitCode()).isEqualTo(2);
        List<String> lines =
                run2.err().lines().filter(l -> l.startsWith("dsml:")).toList();
        assertThat(lines)
                .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .startsWith(
                        "dsml: shard 1 of 2 (images 20-38, embeddings-00001.npy): " + broken + ": unreadable image");
        assertThat(run2.err()).doesNotContain("\tat ");
        assertThat(outDir).isEmptyDirectory(); // no manifest, and the good shard removed
    }

    private static void assertSameEmbeddings(float[] expected, Path outDir, JsonNode manifest) throws Exception {
        List<Float> concatenated = new ArrayList<>();
        for (JsonNode file : manifest.get("files")) {
            float[] shard = Npy.read(outDir.resolve(file.get("file").asText())).asFloats();
            assertThat(shard).hasSize(file.get("rows").asInt() * 64);
            for (float v : shard) {
                concatenated.add(v);
            }
        }
        assertThat(concatenated).hasSize(expected.length);
        for (int i = 0; i < expected.length; i++) {
            assertThat(concatenated.get(i))
                    .as("value %d", i)
                    .isCloseTo(expected[i], org.assertj.core.data.Offset.offset(1e-6f));
        }
    }

    /** A small tree of grey and colour images of several sizes (the pipeline resizes them). */
    private static Path writeImages(Path dir) throws Exception {
        Random random = new Random(17);
        for (int i = 0; i < IMAGES; i++) {
            Path sub = dir.resolve(i % 2 == 0 ? "a" : "b");
            Files.createDirectories(sub);
            int w = 28 + 4 * (i % 3);
            int h = 28 + 2 * (i % 4);
            BufferedImage image =
                    new BufferedImage(w, h, i % 5 == 0 ? BufferedImage.TYPE_INT_RGB : BufferedImage.TYPE_BYTE_GRAY);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    image.setRGB(x, y, random.nextInt(0x1000000));
                }
            }
            ImageIO.write(
                    image, "png", sub.resolve(String.format("img-%03d.png", i)).toFile());
        }
        return dir;
    }
}
