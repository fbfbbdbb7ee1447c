package io.dsml.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dsml.app.Dsml;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dsml datasets ...} run in-process on a CUB_200_2011 fixture in the official layout. */
class DatasetsCommandTest {
    @TempDir
    Path tmp;

    private Path cub;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream savedOut;
    private PrintStream savedErr;

    @BeforeEach
    void capture() throws IOException {
        savedOut = System.out;
        savedErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        cub = writeCub(tmp.resolve("CUB_200_2011"), 4, 2);
    }

    @AfterEach
    void restore() {
        System.setOut(savedOut);
        System.setErr(savedErr);
    }

    private static Path writeCub(Path root, int classes, int perClass) throws IOException {
        List<String> classLines = new ArrayList<>();
        List<String> images = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        List<String> split = new ArrayList<>();
        List<String> boxes = new ArrayList<>();
        int id = 0;
        for (int c = 1; c <= classes; c++) {
            String folder = String.format("%03d.Bird_%d", c, c);
            classLines.add(c + " " + folder);
            for (int k = 0; k < perClass; k++) {
                id++;
                String name = folder + "/Bird_" + c + "_" + k + ".jpg";
                Path file = root.resolve("images").resolve(name);
                Files.createDirectories(file.getParent());
                ImageIO.write(new BufferedImage(6, 5, BufferedImage.TYPE_3BYTE_BGR), "jpg", file.toFile());
                images.add(id + " " + name);
                labels.add(id + " " + c);
                split.add(id + " " + (k == 0 ? 1 : 0));
                boxes.add(id + " 0.0 0.0 4.0 4.0");
            }
        }
        Files.write(root.resolve("classes.txt"), classLines);
        Files.write(root.resolve("images.txt"), images);
        Files.write(root.resolve("image_class_labels.txt"), labels);
        Files.write(root.resolve("train_test_split.txt"), split);
        Files.write(root.resolve("bounding_boxes.txt"), boxes);
        return root;
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void checkPrintsCountsPerSplitAsJson() throws IOException {
        int code = Dsml.execute("datasets", "check", "cub200", "--data-dir", tmp.toString(), "--json");
        assertThat(code).as(err()).isZero();
        JsonNode json = new ObjectMapper().readTree(out());
        assertThat(json.get("name").asText()).isEqualTo("cub200");
        assertThat(json.get("split").asText()).isEqualTo("retrieval");
        assertThat(json.at("/splits/train/images").asInt()).isEqualTo(4);
        assertThat(json.at("/splits/train/classes").asInt()).isEqualTo(2);
        assertThat(json.at("/splits/test/images").asInt()).isEqualTo(4);
        assertThat(json.at("/splits/test/classes").asInt()).isEqualTo(2);
        assertThat(json.get("data_dir").asText()).isEqualTo(cub.toString());
    }

    @Test
    void checkPrintsTextForAnotherSplit() {
        int code =
                Dsml.execute("datasets", "check", "cub200", "--data-dir", cub.toString(), "--split", "classification");
        assertThat(code).as(err()).isZero();
        assertThat(out())
                .contains("train: 4 images, 4 classes")
                .contains("test:  4 images, 4 classes (same classes)")
                .contains("OK");
    }

    @Test
    void malformedFileExitsWith2AndOneLineNamingFileLineAndSource() throws IOException {
        Path split = cub.resolve("train_test_split.txt");
        Files.writeString(split, Files.readString(split).replace("2 0\n", "2 maybe\n"));
        int code = Dsml.execute("datasets", "check", "cub200", "--data-dir", cub.toString());
        assertThat(code).isEqualTo(2);
        assertThat(err().strip())
                .doesNotContain("\n")
                .startsWith("dsml: " + cub.resolve("train_test_split.txt")
                        + ":2: is_training_image 'maybe' is not an integer")
                .contains("https://www.vision.caltech.edu/datasets/cub_200_2011/");
    }

    @Test
    void unreadableImageFailsTheCheckAndCanBeSkipped() throws IOException {
        Path bad = cub.resolve("images/003.Bird_3/Bird_3_1.jpg");
        Files.writeString(bad, "truncated");
        assertThat(Dsml.execute("datasets", "check", "cub200", "--data-dir", cub.toString(), "--json"))
                .isEqualTo(2);
        assertThat(out()).contains("\"error\"").contains("unreadable image");
        assertThat(err()).startsWith("dsml: " + bad + ": unreadable image");
        out.reset();
        int code = Dsml.execute(
                "datasets", "check", "cub200", "--data-dir", cub.toString(), "--json", "--set", "skip_unreadable=true");
        assertThat(code).isZero();
        JsonNode json = new ObjectMapper().readTree(out());
        assertThat(json.get("skipped").asInt()).isEqualTo(1);
        assertThat(json.at("/splits/test/images").asInt()).isEqualTo(3);
    }

    @Test
    void aJpegCutShortFailsTheCheck() throws IOException {
        Path image = cub.resolve("images/002.Bird_2/Bird_2_1.jpg");
        ImageIO.write(new BufferedImage(64, 48, BufferedImage.TYPE_3BYTE_BGR), "jpg", image.toFile());
        byte[] bytes = Files.readAllBytes(image);
        Files.write(image, java.util.Arrays.copyOf(bytes, bytes.length - 40));
        assertThat(Dsml.execute("datasets", "check", "cub200", "--data-dir", cub.toString()))
                .isEqualTo(2);
        assertThat(err()).contains("dsml: " + image + ": unreadable image: the JPEG file is cut short");
    }

    /** {@code struct.pack('>IIII', 2051, 200, 0, 0)}: 200 images of 0 x 0 pixels gave a stack trace. */
    @Test
    void anIdxHeaderOfZeroByZeroImagesIsOneLine() throws IOException {
        assertCheckRefusesTrainingImages(idx(new byte[0], 200, 0, 0), "header declares size 0 for dimension 2 of 3");
    }

    /** A training part of 0 images (an idx header of 0 items) was reported OK. */
    @Test
    void aSetWithNoTrainingImagesIsRefused() throws IOException {
        assertCheckRefusesTrainingImages(idx(new byte[0], 0, 28, 28), "header declares size 0 for dimension 1 of 3");
    }

    /** An MNIST folder whose training images file is {@code trainImages}: one line naming it, exit 2. */
    private void assertCheckRefusesTrainingImages(byte[] trainImages, String message) throws IOException {
        Path mnist = Files.createDirectories(tmp.resolve("mnist"));
        Path images = Files.write(mnist.resolve("train-images-idx3-ubyte"), trainImages);
        Files.write(mnist.resolve("train-labels-idx1-ubyte"), idx(new byte[1], 1));
        Files.write(mnist.resolve("t10k-images-idx3-ubyte"), idx(new byte[28 * 28], 1, 28, 28));
        Files.write(mnist.resolve("t10k-labels-idx1-ubyte"), idx(new byte[1], 1));
        assertThat(Dsml.execute("datasets", "check", "mnist", "--data-dir", mnist.toString()))
                .isEqualTo(2);
        assertThat(err().strip()).doesNotContain("\n").startsWith("dsml: " + images + ": " + message);
        assertThat(out()).doesNotContain("OK");
    }

    private static byte[] idx(byte[] data, int... dims) {
        java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(4 + 4 * dims.length + data.length);
        bytes.putInt(0x800 | dims.length);
        for (int d : dims) {
            bytes.putInt(d);
        }
        return bytes.put(data).array();
    }

    @Test
    void reproducingCubWithoutWeightsWarnsOfRandomInitialisation() {
        // the fixture is too small for the batch, so the run stops after the warning, before training
        int code = Dsml.execute(
                "reproduce",
                "cub200",
                "--data-dir",
                cub.toString(),
                "--runs-dir",
                tmp.resolve("runs").toString());
        assertThat(code).isEqualTo(2);
        assertThat(err())
                .contains(
                        "dsml: warning: resnet50(freeze_bn=true) has no pretrained weights and trains from random initialisation")
                .contains("training.batch_size: 120 is more than the training split's 2 samples");
        err.reset();
        Dsml.execute("reproduce", "cub200", "--data-dir", cub.toString(), "--set", "backbones[0].params.weights=/nope");
        assertThat(err()).doesNotContain("warning");
    }

    @Test
    void missingDatasetAndUnknownNamesExitWith2() {
        assertThat(Dsml.execute("datasets", "check", "sop", "--data-dir", tmp.toString()))
                .isEqualTo(2);
        assertThat(err())
                .contains("Ebay_train.txt not found in [" + tmp + "]")
                .contains("https://cvgl.stanford.edu/projects/lifted_struct/");
        err.reset();
        assertThat(Dsml.execute("datasets", "check", "imagenet")).isEqualTo(2);
        assertThat(err()).contains("unknown dataset 'imagenet'");
    }

    @Test
    void listShowsEveryDatasetAndWhereItLooks() {
        assertThat(Dsml.execute("datasets", "list")).isZero();
        assertThat(out())
                .contains("cifar10", "cifar100", "cub200", "cars196", "sop", "image-folder", "mnist", "fashion-mnist");
        assertThat(out()).contains("splits: retrieval, classification, retrieval-val");
        assertThat(out()).doesNotContain("searched: []");
    }

    @Test
    void fetchWithoutPublicUrlOrTargetFailsClearly() {
        assertThat(Dsml.execute("datasets", "fetch", "cars196", "--data-dir", tmp.toString()))
                .isEqualTo(2);
        assertThat(err()).contains("cars196: no public download dsml can verify");
    }
}
