package io.dsml.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run trained with {@code --data-dir} records the directory (config.yaml, model.json), so
 * {@code dsml report RUN_DIR} finds the test images for its thumbnails; {@code report --data-dir}
 * says where they are after a move, and thumbnails left out are a console warning too. The class
 * names (the sub-folders' names) flow to model.json, the report and search.
 */
class RunDataDirEndToEndTest {
    @TempDir
    Path work;

    /** Three classes of 8 solid-colour 16x16 pictures with a little noise, as class folders. */
    private Path imageFolder() throws Exception {
        Path root = work.resolve("pictures");
        Color[] colours = {Color.RED, Color.GREEN, Color.BLUE};
        java.util.Random random = new java.util.Random(3);
        for (int c = 0; c < colours.length; c++) {
            Path dir = Files.createDirectories(root.resolve("class-" + c));
            for (int i = 0; i < 8; i++) {
                BufferedImage image = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
                for (int p = 0; p < 256; p++) {
                    int noise = random.nextInt(40);
                    Color base = colours[c];
                    image.setRGB(
                            p % 16,
                            p / 16,
                            new Color(
                                            Math.min(255, base.getRed() + noise),
                                            Math.min(255, base.getGreen() + noise),
                                            Math.min(255, base.getBlue() + noise))
                                    .getRGB());
                }
                ImageIO.write(image, "png", dir.resolve(i + ".png").toFile());
            }
        }
        return root;
    }

    @Test
    void aRunTrainedWithDataDirRecordsItAndReportFindsTheThumbnails() throws Exception {
        Path data = imageFolder();
        Path config = work.resolve("folder.yaml");
        Files.writeString(config, """
                name: folder
                dataset:
                  name: image-folder
                  split: classification
                  params: {image_size: 16, resize: 16, test_fraction: 0.25, train_crop: center, flip: false}
                backbones: [{name: conv-1}]
                embedding: {dim: 8}
                losses: [{name: softmax}]
                training: {epochs: 1, batch_size: 6, max_steps_per_epoch: 2}
                evaluation: {metrics: [recall]}
                """);
        Path runs = work.resolve("runs");
        CliRun train = CliRun.of(
                "train",
                "--config",
                config.toString(),
                "--runs-dir",
                runs.toString(),
                "--data-dir",
                data.toString(),
                "--quiet");
        assertThat(train.exitCode()).as(train.err()).isZero();
        Path runDir;
        try (Stream<Path> dirs = Files.list(runs.resolve("folder"))) {
            runDir = dirs.findFirst().orElseThrow();
        }
        String absolute = data.toAbsolutePath().normalize().toString();
        assertThat(Files.readString(runDir.resolve("config.yaml"))).contains("data_dir: \"" + absolute + "\"");
        assertThat(Files.readString(runDir.resolve("cells/conv-1__softmax__seed1/model/model.json")))
                .contains("\"data_dir\" : \"" + absolute + "\"");

        com.fasterxml.jackson.databind.JsonNode model = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(runDir.resolve("cells/conv-1__softmax__seed1/model/model.json")
                        .toFile());
        assertThat(model.get("class_names").toString()).isEqualTo("[\"class-0\",\"class-1\",\"class-2\"]");
        assertThat(Files.readString(runDir.resolve("report.html"))).contains(" class class-");
        CliRun search = CliRun.of(
                "search",
                "--run",
                runDir.toString(),
                "--gallery",
                data.resolve("class-2").toString(),
                "--query",
                data.resolve("class-2/0.png").toString(),
                "-k",
                "1",
                "--json");
        assertThat(search.exitCode()).as(search.err()).isZero();
        assertThat(search.out()).containsPattern("\"predicted_class_name\" : \"class-[012]\"");

        Path report = runDir.resolve("report.html");
        Files.delete(report);
        CliRun rewritten = CliRun.of("report", runDir.toString());
        assertThat(rewritten.exitCode()).as(rewritten.err()).isZero();
        assertThat(rewritten.err()).doesNotContain("warning");
        assertThat(Files.readString(report)).contains("<img class=\"thumb\"").doesNotContain("thumbnails left out");

        Path moved = Files.move(data, work.resolve("moved"));
        CliRun lost = CliRun.of("report", runDir.toString());
        assertThat(lost.exitCode()).as(lost.err()).isZero();
        assertThat(lost.err()).contains("dsml: warning: thumbnails left out: the test images could not be loaded");
        assertThat(Files.readString(report)).contains("thumbnails left out");

        CliRun found = CliRun.of("report", runDir.toString(), "--data-dir", moved.toString());
        assertThat(found.exitCode()).as(found.err()).isZero();
        assertThat(found.err()).doesNotContain("warning");
        assertThat(Files.readString(report)).contains("<img class=\"thumb\"").doesNotContain("thumbnails left out");
    }
}
