package io.dsml.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dsml.app.api.Gallery;
import io.dsml.app.api.TrainedCell;
import io.dsml.app.inject.AppInjector;
import io.dsml.core.export.ModelDescription;
import io.dsml.core.inject.Registries;
import io.dsml.core.params.Params;
import io.dsml.core.spi.DatasetProvider;
import io.dsml.core.spi.LabeledImages;
import io.dsml.evaluation.Npy;
import io.dsml.evaluation.NpyArray;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One tiny quickstart run (vMF with online means and softmax, 1 epoch of 6 steps, 500 test
 * images) shared by the tests of what a finished cell leaves behind: the saved model, {@code dsml
 * embed} reproducing the cell's test embeddings, {@code dsml search}, the Java API, bad input, and
 * the HTML report rendered in headless Chromium.
 */
@Tag("slow")
class TrainedCellEndToEndTest {
    static final String VMF = "conv-2__vmf__seed1";
    static final String SOFTMAX = "conv-2__softmax__seed1";
    static final String[] TINY_RUN = {
        "--set", "training.epochs=1",
        "--set", "training.max_steps_per_epoch=6",
        "--set", "dataset.params.test_fraction=0.05",
        "--set", "evaluation.recall_at=[1,2]",
        // online means: no full pass over the training set before and after the 6 steps
        "--set", "losses[0].params.means=online",
        "--set", "losses[0].params.online_initial_per_class=8",
        "--set", "losses[0].label=vmf",
        // the softmax cell trains an unnormalised head, which its saved model must rebuild
        "--set", "losses[1].normalize_embedding=false",
        "--set", "losses[1].label=softmax"
    };
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path work;

    static Path runDir;
    /** The first test images as grey PNGs, named by their test index. */
    static Path imagesDir;

    static final int IMAGES = 12;

    @BeforeAll
    static void trainTinyRun() throws Exception {
        runDir = tinyRun(work.resolve("runs"));
        imagesDir = Files.createDirectories(work.resolve("images"));
        LabeledImages test = quickstartTest();
        for (int i = 0; i < IMAGES; i++) {
            ImageIO.write(
                    greyImage(test, i),
                    "png",
                    imagesDir.resolve(String.format("test-%03d.png", i)).toFile());
        }
    }

    /** Trains the tiny run into {@code runs} and returns its run directory. */
    static Path tinyRun(Path runs) throws Exception {
        List<String> args =
                new ArrayList<>(List.of("reproduce", "quickstart", "--runs-dir", runs.toString(), "--quiet"));
        args.addAll(List.of(TINY_RUN));
        CliRun run = CliRun.of(args.toArray(String[]::new));
        assertThat(run.exitCode()).as(run.err()).isZero();
        return QuickstartEndToEndTest.onlyRunDir(runs.resolve("quickstart"));
    }

    /** The tiny run's test split, loaded as the run loaded it. */
    static LabeledImages quickstartTest() {
        Registries registries = AppInjector.create().getInstance(Registries.class);
        DatasetProvider provider = registries.datasets().get("fashion-mnist-quickstart", "test");
        return provider.load(
                        Params.resolve("p", provider.params(), Map.of("test_fraction", 0.05)), "classification", null)
                .test();
    }

    /** Test sample {@code index} as the 8-bit grey picture it was stored as. */
    static BufferedImage greyImage(LabeledImages test, int index) {
        float[] tensor = new float[test.shape().size()];
        test.read(index, tensor, 0, false, new Random(0));
        float mean = test.testTimePipeline().orElseThrow().mean()[0];
        float std = test.testTimePipeline().orElseThrow().std()[0];
        BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        for (int p = 0; p < tensor.length; p++) {
            image.getRaster().setSample(p % 28, p / 28, 0, Math.round((tensor[p] * std + mean) * 255));
        }
        return image;
    }

    static float[] row(float[] data, int dim, int row) {
        return java.util.Arrays.copyOfRange(data, row * dim, (row + 1) * dim);
    }

    @Test
    void everyFinishedCellSavesAVersionedModel() throws Exception {
        for (String cell : List.of(VMF, SOFTMAX)) {
            Path model = runDir.resolve("cells").resolve(cell).resolve("model");
            JsonNode description = JSON.readTree(model.resolve("model.json").toFile());
            assertThat(description.get("format").asText()).isEqualTo(ModelDescription.FORMAT);
            assertThat(description.get("version").asInt()).isEqualTo(ModelDescription.VERSION);
            assertThat(description.get("epoch").asInt()).isEqualTo(1);
            assertThat(description.get("backbone").get("name").asText()).isEqualTo("conv-2");
            assertThat(description.get("embedding").get("normalize").asBoolean())
                    .as("the head %s trained", cell)
                    .isEqualTo(cell.equals(VMF));
            assertThat(description.get("classes").asInt()).isEqualTo(10);
            assertThat(description.get("class_names").get(0).asText()).isEqualTo("T-shirt/top");
            assertThat(description.get("class_names").get(9).asText()).isEqualTo("Ankle boot");
            assertThat(description.get("pipeline").get("shape").get("channels").asInt())
                    .isEqualTo(1);
            assertThat(model.resolve("parameters.bin")).isNotEmptyFile();
            JsonNode provenance = JSON.readTree(model.resolve("provenance.json").toFile());
            assertThat(provenance.get("engine").asText()).isNotBlank();
            assertThat(provenance.get("git_commit").asText()).isNotBlank();
        }
        assertThat(runDir.resolve("cells").resolve(VMF).resolve("model.tmp")).doesNotExist();
    }

    @Test
    void embedReproducesTheCellsTestEmbeddings() throws Exception {
        for (String cell : List.of(VMF, SOFTMAX)) {
            Path out = work.resolve(cell + "-E.npy");
            Path labels = work.resolve(cell + "-L.npy");
            CliRun run = CliRun.of(
                    "embed",
                    "--run",
                    runDir.toString(),
                    "--cell",
                    cell,
                    "--dataset",
                    "fashion-mnist-quickstart",
                    "--split",
                    "classification",
                    "--out",
                    out.toString(),
                    "--labels-out",
                    labels.toString());
            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(run.err()).contains("500/500 images");
            Path cellDir = runDir.resolve("cells").resolve(cell);
            NpyArray expected = Npy.read(cellDir.resolve("test_embeddings.npy"));
            NpyArray actual = Npy.read(out);
            assertThat(actual.shape()).containsExactly(expected.shape());
            float[] e = expected.asFloats();
            float[] a = actual.asFloats();
            for (int i = 0; i < e.length; i++) {
                assertThat(a[i]).as("%s element %d", cell, i).isCloseTo(e[i], within(1e-6f));
            }
            assertThat(Npy.read(labels).asInts())
                    .containsExactly(
                            Npy.read(cellDir.resolve("test_labels.npy")).asInts());
        }
    }

    @Test
    void embedOfImageFilesMatchesTheDatasetsTensors() throws Exception {
        Path out = work.resolve("images-E.npy");
        Path paths = work.resolve("images-P.txt");
        CliRun run = CliRun.of(
                "embed",
                "--run",
                runDir.toString(),
                "--cell",
                VMF,
                "--images",
                imagesDir.toString(),
                "--out",
                out.toString(),
                "--paths-out",
                paths.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        float[] expected = Npy.read(runDir.resolve("cells").resolve(VMF).resolve("test_embeddings.npy"))
                .asFloats();
        float[] actual = Npy.read(out).asFloats();
        assertThat(actual).hasSize(IMAGES * 64);
        // Same pixels through the file pipeline; only the batch size differs (12 vs 128 rows).
        for (int i = 0; i < actual.length; i++) {
            assertThat(actual[i]).as("element %d", i).isCloseTo(expected[i], within(1e-5f));
        }
        assertThat(Files.readAllLines(paths)).hasSize(IMAGES).first().asString().endsWith("test-000.png");
    }

    @Test
    void searchFindsTheQueryItselfAndPrintsTheVmfPosterior() throws Exception {
        Path gallery = work.resolve("search-E.npy");
        Path paths = work.resolve("search-P.txt");
        assertThat(CliRun.of(
                                "embed",
                                "--run",
                                runDir.toString(),
                                "--cell",
                                VMF,
                                "--images",
                                imagesDir.toString(),
                                "--out",
                                gallery.toString(),
                                "--paths-out",
                                paths.toString())
                        .exitCode())
                .isZero();
        Path query = imagesDir.resolve("test-003.png");
        CliRun run = CliRun.of(
                "search",
                "--run",
                runDir.toString(),
                "--cell",
                VMF,
                "--gallery",
                gallery.toString(),
                "--gallery-paths",
                paths.toString(),
                "--query",
                query.toString(),
                "-k",
                "3",
                "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode result = JSON.readTree(run.out()).get(0);
        JsonNode first = result.get("neighbours").get(0);
        assertThat(first.get("path").asText()).isEqualTo(query.toString());
        assertThat(first.get("score").asDouble()).isCloseTo(1.0, within(1e-4));
        assertThat(result.get("neighbours")).hasSize(3);
        assertThat(result.get("predicted_class").asInt()).isBetween(0, 9);
        assertThat(result.get("probability").asDouble()).isBetween(0.1, 1.0);

        // A folder as the gallery gives the same ranking, in text.
        CliRun text = CliRun.of(
                "search",
                "--run",
                runDir.toString(),
                "--cell",
                VMF,
                "--gallery",
                imagesDir.toString(),
                "--query",
                query.toString(),
                "-k",
                "2");
        assertThat(text.exitCode()).as(text.err()).isZero();
        // Fashion-MNIST's names, with the class index
        String name = result.get("predicted_class_name").asText();
        assertThat(name).isIn(io.dsml.data.mnist.MnistFiles.FASHION_CLASSES);
        assertThat(text.out())
                .contains("predicted class " + name + " ("
                        + result.get("predicted_class").asInt() + ") (p = ");
        assertThat(text.out().lines().skip(1).findFirst().orElseThrow()).endsWith(query.toString());
    }

    @Test
    void javaApiEmbedsClassifiesAndSearches() throws Exception {
        float[] testEmbeddings = Npy.read(runDir.resolve("cells").resolve(VMF).resolve("test_embeddings.npy"))
                .asFloats();
        int[] testLabels = Npy.read(runDir.resolve("cells").resolve(VMF).resolve("test_labels.npy"))
                .asInts();
        try (TrainedCell cell = TrainedCell.load(runDir, VMF)) {
            assertThat(cell.dim()).isEqualTo(64);
            BufferedImage picture =
                    ImageIO.read(imagesDir.resolve("test-005.png").toFile());
            float[] fromImage = cell.embed(picture);
            float[] fromFile = cell.embed(imagesDir.resolve("test-005.png"));
            assertThat(fromImage).containsExactly(fromFile, within(1e-6f));
            assertThat(fromFile).containsExactly(row(testEmbeddings, 64, 5), within(1e-5f));

            // The loaded class state classifies the saved test embeddings exactly as training's
            // evaluation did: same accuracy as result.json.
            var predictions = cell.classify(new io.dsml.evaluation.EmbeddingSet(testEmbeddings, 500, 64, testLabels))
                    .orElseThrow();
            int correct = 0;
            for (int i = 0; i < 500; i++) {
                correct += predictions.classes()[i] == testLabels[i] ? 1 : 0;
            }
            double accuracy = JSON.readTree(runDir.resolve("cells")
                            .resolve(VMF)
                            .resolve("result.json")
                            .toFile())
                    .get("metrics")
                    .get("accuracy")
                    .asDouble();
            assertThat(correct / 500.0).isCloseTo(accuracy, within(1e-9));

            // vMF posterior: softmax over kappa * cos(z, mu_c); the probabilities of all classes
            // sum to 1, so the predicted one is at least 1/10.
            var single = cell.classify(fromFile).orElseThrow();
            assertThat(single.classIndex()).isEqualTo(predictions.classes()[5]);
            assertThat(single.probability()).isBetween(0.1f, 1f);

            Gallery gallery = new Gallery(testEmbeddings, 500, 64, null);
            List<Gallery.Hit> hits = gallery.search(fromImage, 4);
            assertThat(hits).hasSize(4);
            assertThat(hits.get(0).name()).isEqualTo("#5");
            assertThat(hits.get(0).score()).isCloseTo(1f, within(1e-4f));
            assertThat(hits.get(1).score()).isLessThanOrEqualTo(hits.get(0).score());
            // brute force: the second hit is the most similar other row
            int best = -1;
            double bestScore = -2;
            for (int i = 0; i < 500; i++) {
                double s = cosine(row(testEmbeddings, 64, i), fromImage);
                if (i != 5 && s > bestScore) {
                    bestScore = s;
                    best = i;
                }
            }
            assertThat(hits.get(1).index()).isEqualTo(best);
            assertThat((double) hits.get(1).score()).isCloseTo(bestScore, within(1e-5));
        }
        try (TrainedCell softmax = TrainedCell.load(runDir, SOFTMAX)) {
            float p = softmax.classify(softmax.embed(imagesDir.resolve("test-000.png")))
                    .orElseThrow()
                    .probability();
            assertThat(p).isBetween(0.1f, 1f);
        }
    }

    @Test
    void theReadmeExampleRuns() {
        Path query = imagesDir.resolve("test-007.png");
        List<String> lines = io.dsml.app.api.SearchExample.search(runDir, imagesDir, query, 3);
        // the grid's first finished cell is vMF's; it classifies
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).startsWith("predicted class ");
        assertThat(lines.get(1)).startsWith("1. " + query + "  cosine ");
    }

    private static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }

    private static void assertInputError(CliRun run, String message) {
        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        assertThat(run.err().strip()).isEqualTo("dsml: " + message);
        assertThat(run.err()).doesNotContain("\tat ");
    }

    @Test
    void badInputIsOneLineAndExitCode2() throws Exception {
        Path empty = Files.createDirectories(work.resolve("empty-run"));
        Path out = work.resolve("bad-E.npy");
        assertInputError(
                CliRun.of(
                        "embed", "--run", empty.toString(), "--images", imagesDir.toString(), "--out", out.toString()),
                empty + ": no finished cell with a saved model (cells/<id>/model/)");
        assertInputError(
                CliRun.of(
                        "embed",
                        "--run",
                        runDir.toString(),
                        "--cell",
                        "nope",
                        "--images",
                        imagesDir.toString(),
                        "--out",
                        out.toString()),
                runDir + ": no cell 'nope'; finished cells: " + VMF + ", " + SOFTMAX);
        Path broken = Files.createDirectories(work.resolve("broken"));
        Files.writeString(broken.resolve("not-really.png"), "this is no PNG");
        CliRun unreadable =
                CliRun.of("embed", "--run", runDir.toString(), "--images", broken.toString(), "--out", out.toString());
        assertThat(unreadable.exitCode()).isEqualTo(2);
        assertThat(unreadable.err().strip()).startsWith("dsml: " + broken.resolve("not-really.png") + ": ");
        assertThat(unreadable.err().strip().lines()).hasSize(1);
        assertThat(out).doesNotExist();

        Path wrongDim = work.resolve("dim3.npy");
        Npy.writeFloat(wrongDim, new float[] {1, 0, 0, 0, 1, 0}, 2, 3);
        assertInputError(
                CliRun.of(
                        "search",
                        "--run",
                        runDir.toString(),
                        "--cell",
                        VMF,
                        "--gallery",
                        wrongDim.toString(),
                        "--query",
                        imagesDir.resolve("test-000.png").toString()),
                wrongDim + ": gallery embeddings have dimension 3, cell " + VMF + " embeds in dimension 64");
        CliRun badQuery = CliRun.of(
                "search",
                "--run",
                runDir.toString(),
                "--gallery",
                imagesDir.toString(),
                "--query",
                broken.resolve("not-really.png").toString());
        assertThat(badQuery.exitCode()).isEqualTo(2);
        assertThat(badQuery.err().strip()).startsWith("dsml: " + broken.resolve("not-really.png"));
    }

    // ---- the HTML report -------------------------------------------------------------------------

    /** 2 cells x (8 sampled + 4 worst queries) x (query + 8 neighbours). */
    static final int THUMBNAILS = 2 * (8 + 4) * 9;

    @Test
    void reportIsSelfContainedAndRewrittenByDsmlReport() throws Exception {
        Path report = runDir.resolve("report.html");
        String html = Files.readString(report);
        assertThat(html)
                .contains("default-src 'none'")
                .contains("<table class=\"results\">")
                .contains("conv-2__vmf__seed1")
                .contains("Confusion matrix")
                .contains("Per-class concentration")
                .contains("git commit");
        // nothing is fetched: no URL other than data: URIs and the page's own anchors
        assertThat(html).doesNotContainPattern("(src|href)=\"(?!data:|#)");
        assertThat(html).doesNotContain("http://").doesNotContain("https://");
        assertThat(Files.size(report)).isLessThan(2_000_000);

        // dsml report loads the test images again from config.yaml and writes the same sections
        Files.delete(report);
        CliRun run = CliRun.of("report", runDir.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        String rewritten = Files.readString(report);
        assertThat(rewritten).doesNotContain("thumbnails left out");
        assertThat(countOf(rewritten, "<img class=\"thumb\"")).isEqualTo(THUMBNAILS);
        assertThat(countOf(rewritten, "<img class=\"thumb\"")).isEqualTo(countOf(html, "<img class=\"thumb\""));
    }

    private static int countOf(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
    }

    @Test
    void reportRendersInHeadlessChromium() throws Exception {
        Path chromium = Chromium.find();
        org.junit.jupiter.api.Assumptions.assumeTrue(chromium != null, Chromium.ABSENT);
        Path report = runDir.resolve("report.html");
        String dom = Chromium.dumpDom(chromium, report, work.resolve("chromium-profile-1"));
        java.util.regex.Matcher status = java.util.regex.Pattern.compile(
                        "id=\"dsml-report-status\"[^>]*data-ready=\"true\"[^>]*>([^<]*)<|"
                                + "id=\"dsml-report-status\"[^>]*>([^<]*)<")
                .matcher(dom);
        assertThat(status.find()).as("status element in the rendered DOM").isTrue();
        String text = status.group(1) != null ? status.group(1) : status.group(2);
        assertThat(text).as("the page's script ran after load").isNotBlank();
        JsonNode seen = JSON.readTree(text);
        assertThat(seen.get("resultRows").asInt()).isEqualTo(2);
        assertThat(seen.get("cells").asInt()).isEqualTo(2);
        assertThat(seen.get("thumbnails").asInt()).isEqualTo(THUMBNAILS);
        assertThat(seen.get("thumbnailsLoaded").asInt()).isEqualTo(THUMBNAILS);
        assertThat(seen.get("thumbnailsNonBlank").asInt()).isEqualTo(THUMBNAILS);
        assertThat(seen.get("correctFrames").asInt() + seen.get("wrongFrames").asInt())
                .isEqualTo(2 * (8 + 4) * 8);
        int plots = seen.get("plots").asInt();
        // loss, accuracy, recall@1, recall@2, Recall@K, 2 PCA projections
        assertThat(plots).isGreaterThanOrEqualTo(7);
        assertThat(seen.get("plotsLoaded").asInt()).isEqualTo(plots);
        assertThat(seen.get("plotsNonBlank").asInt()).isEqualTo(plots);
        assertThat(seen.get("confusionMatrices").asInt()).isEqualTo(2);
        assertThat(seen.get("concentrationTables").asInt()).isEqualTo(2);

        Path screenshot = Chromium.screenshot(chromium, report, work.resolve("chromium-profile-2"), work);
        BufferedImage shot = ImageIO.read(screenshot.toFile());
        assertThat(shot.getWidth()).isEqualTo(1280);
        assertThat(distinctColours(shot)).as("the screenshot shows content").isGreaterThan(50);
        // kept for a human look: benchmarks-app/target/report-screenshot.png
        Files.copy(
                screenshot,
                Path.of("target", "report-screenshot.png"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private static int distinctColours(BufferedImage image) {
        java.util.Set<Integer> colours = new java.util.HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 3) {
            for (int x = 0; x < image.getWidth(); x += 3) {
                colours.add(image.getRGB(x, y));
            }
        }
        return colours.size();
    }
}
