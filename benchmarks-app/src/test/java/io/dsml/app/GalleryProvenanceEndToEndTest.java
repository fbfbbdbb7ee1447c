package io.dsml.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dsml.core.spi.LabeledImages;
import io.dsml.evaluation.Npy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code dsml embed} writes and what {@code dsml search} accepts, on the tiny quickstart run
 * (vMF and softmax cells): embeddings carry a manifest naming the run, cell, epoch and model;
 * search refuses a gallery of another cell or model, non-finite rows and empty galleries; the
 * default cell is the grid's first; outputs are committed together; symlinked folders are
 * followed; names with line breaks are refused for {@code --paths-out}.
 */
class GalleryProvenanceEndToEndTest {
    private static final String VMF = TrainedCellEndToEndTest.VMF;
    private static final String SOFTMAX = TrainedCellEndToEndTest.SOFTMAX;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path work;

    static Path runDir;
    static Path imagesDir;

    @BeforeAll
    static void trainTinyRun() throws Exception {
        runDir = TrainedCellEndToEndTest.tinyRun(work.resolve("runs"));
        imagesDir = Files.createDirectories(work.resolve("images"));
        LabeledImages test = TrainedCellEndToEndTest.quickstartTest();
        for (int i = 0; i < 4; i++) {
            ImageIO.write(
                    TrainedCellEndToEndTest.greyImage(test, i),
                    "png",
                    imagesDir.resolve("test-" + i + ".png").toFile());
        }
    }

    private static CliRun embed(String... args) {
        List<String> all = new ArrayList<>(List.of("embed", "--run", runDir.toString()));
        all.addAll(List.of(args));
        return CliRun.of(all.toArray(String[]::new));
    }

    private static CliRun search(Path gallery, String cell) {
        List<String> all = new ArrayList<>(List.of(
                "search",
                "--run",
                runDir.toString(),
                "--gallery",
                gallery.toString(),
                "--query",
                imagesDir.resolve("test-0.png").toString()));
        if (cell != null) {
            all.addAll(List.of("--cell", cell));
        }
        return CliRun.of(all.toArray(String[]::new));
    }

    private static void assertInputError(CliRun run, String message) {
        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        assertThat(run.err().strip()).isEqualTo("dsml: " + message);
    }

    @Test
    void embeddingsCarryAManifestAndSearchRefusesAGalleryOfAnotherCell() throws Exception {
        Path gallery = work.resolve("softmax-E.npy");
        CliRun made = embed("--cell", SOFTMAX, "--images", imagesDir.toString(), "--out", gallery.toString());
        assertThat(made.exitCode()).as(made.err()).isZero();
        JsonNode manifest =
                JSON.readTree(work.resolve("softmax-E.manifest.json").toFile());
        assertThat(manifest.get("cell").asText()).isEqualTo(SOFTMAX);
        assertThat(manifest.get("run").asText())
                .isEqualTo(runDir.toAbsolutePath().normalize().toString());
        assertThat(manifest.get("epoch").asInt()).isEqualTo(1);
        assertThat(manifest.get("model_sha256").asText()).hasSize(64);
        assertThat(manifest.get("rows").asInt()).isEqualTo(4);
        assertThat(manifest.get("source").asText()).isEqualTo("--images " + imagesDir);

        assertThat(search(gallery, SOFTMAX).exitCode()).isZero();
        assertInputError(
                search(gallery, VMF),
                gallery + ": embedded by cell " + SOFTMAX + " (epoch 1), not by cell " + VMF + "; search with --cell "
                        + SOFTMAX + " or embed the gallery again with --cell " + VMF);

        // the same cell trained again (another parameter file) is another model
        ((ObjectNode) manifest).put("model_sha256", "0".repeat(64));
        Files.writeString(work.resolve("softmax-E.manifest.json"), JSON.writeValueAsString(manifest));
        assertInputError(
                search(gallery, SOFTMAX),
                gallery + ": embedded by another model of cell " + SOFTMAX
                        + " (epoch 1) than the one saved now (epoch 1) (the cell was trained again); embed the "
                        + "gallery again");

        // the cell's own test embeddings carry one too
        JsonNode test = JSON.readTree(runDir.resolve("cells")
                .resolve(VMF)
                .resolve("test_embeddings.manifest.json")
                .toFile());
        assertThat(test.get("cell").asText()).isEqualTo(VMF);
        assertThat(test.get("source").asText()).isEqualTo("fashion-mnist-quickstart/classification/test");
    }

    @Test
    void withoutCellTheGridsFirstCellIsTakenAndNamed() throws Exception {
        Path out = work.resolve("default-E.npy");
        CliRun run = embed("--images", imagesDir.toString(), "--out", out.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        // quickstart's grid lists vMF before softmax; the directories sort the other way
        assertThat(run.err()).contains("cell " + VMF + " (the grid's first finished cell; choose another with --cell)");
        assertThat(run.out()).startsWith(VMF + ": 4 x 64 embeddings");
        assertThat(JSON.readTree(work.resolve("default-E.manifest.json").toFile())
                        .get("cell")
                        .asText())
                .isEqualTo(VMF);
        CliRun found = search(out, null);
        assertThat(found.exitCode()).as(found.err()).isZero();
        assertThat(found.err()).contains("cell " + VMF + " (the grid's first");
    }

    @Test
    void searchRefusesNonFiniteRowsAndEmptyGalleries() throws Exception {
        for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
            Path gallery = work.resolve("bad-" + bad + ".npy");
            float[] rows = new float[3 * 64];
            java.util.Arrays.fill(rows, 0.1f);
            rows[64 + 5] = bad;
            Npy.writeFloat(gallery, rows, 3, 64);
            assertInputError(
                    search(gallery, VMF),
                    gallery + ": embedding row 1 has a non-finite value (" + bad + " at column 5)");
        }
        Path empty = work.resolve("empty.npy");
        Npy.writeFloat(empty, new float[0], 0, 64);
        assertInputError(
                search(empty, VMF), empty + ": the gallery is empty (0 x 64 embeddings): there is nothing to search");
    }

    @Test
    void aFailedEmbedReplacesNoOutputAndLeavesNoTemporaryFile() throws Exception {
        Path outDir = Files.createDirectories(work.resolve("commit"));
        Path out = outDir.resolve("e.npy");
        Path labels = outDir.resolve("l.npy");
        Npy.writeFloat(out, new float[] {1, 2}, 1, 2);
        Npy.writeInt(labels, new int[] {7}, 1);
        byte[] oldOut = Files.readAllBytes(out);
        byte[] oldLabels = Files.readAllBytes(labels);
        // the names' folder cannot be made (a file is in the way) after the embeddings are written
        Path blocked = Files.writeString(outDir.resolve("not-a-folder"), "x");
        CliRun run = embed(
                "--cell",
                VMF,
                "--images",
                imagesDir.toString(),
                "--out",
                out.toString(),
                "--labels-out",
                labels.toString(),
                "--paths-out",
                blocked.resolve("p.txt").toString());
        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        assertThat(run.err().strip().lines().reduce((a, b) -> b).orElseThrow())
                .isEqualTo("dsml: " + blocked.resolve("p.txt") + ": cannot write the image names: " + blocked
                        + " is a file, not a folder (no file of the set was replaced)");
        assertThat(Files.readAllBytes(out)).isEqualTo(oldOut);
        assertThat(Files.readAllBytes(labels)).isEqualTo(oldLabels);
        try (Stream<Path> left = Files.list(outDir)) {
            assertThat(left.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("e.npy", "l.npy", "not-a-folder");
        }
    }

    @Test
    void symlinkedFoldersAreFollowedAndALoopIsOneLine() throws Exception {
        Path root = Files.createDirectories(work.resolve("linked"));
        Files.createSymbolicLink(root.resolve("elsewhere"), imagesDir);
        Path out = work.resolve("linked-E.npy");
        CliRun run = embed("--cell", VMF, "--images", root.toString(), "--out", out.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(Npy.read(out).shape()).containsExactly(4, 64);

        Path looped = Files.createDirectories(work.resolve("looped/inner"));
        Files.copy(imagesDir.resolve("test-0.png"), looped.resolve("a.png"));
        Files.createSymbolicLink(looped.resolve("up"), looped.getParent());
        CliRun loop = embed("--cell", VMF, "--images", looped.getParent().toString(), "--out", out.toString());
        assertThat(loop.exitCode()).as(loop.err()).isEqualTo(2);
        assertThat(loop.err().strip())
                .isEqualTo("dsml: " + looped.resolve("up") + ": a symbolic link to a folder that contains it (under "
                        + looped.getParent() + "); remove the link or list the images with --images-list");
    }

    @Test
    void aNameWithALineBreakIsRefusedForPathsOut() throws Exception {
        Path dir = Files.createDirectories(work.resolve("newline"));
        Files.copy(imagesDir.resolve("test-0.png"), dir.resolve("a\nb.png"));
        Files.copy(imagesDir.resolve("test-1.png"), dir.resolve("c.png"));
        Path out = work.resolve("newline-E.npy");
        Path paths = work.resolve("newline-P.txt");
        CliRun run = embed(
                "--cell", VMF, "--images", dir.toString(), "--out", out.toString(), "--paths-out", paths.toString());
        assertInputError(
                run,
                "--paths-out: the image name '" + dir + "/a\\nb.png' contains a line break; rename the file (" + paths
                        + " holds one name a line)");
        assertThat(out).doesNotExist();
        assertThat(paths).doesNotExist();
        // without --paths-out the same folder embeds
        assertThat(embed("--cell", VMF, "--images", dir.toString(), "--out", out.toString())
                        .exitCode())
                .isZero();
    }
}
