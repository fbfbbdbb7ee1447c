package io.dsml.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dsml.app.CliRun;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** dsml bench pipeline runs over a directory of JPEGs and refuses bad input with one line. */
class BenchPipelineCommandTest {
    @Test
    void timesEveryImageOfTheDirectory(@TempDir Path dir) throws Exception {
        for (int i = 0; i < 3; i++) {
            BufferedImage image = new BufferedImage(50 + i, 40, BufferedImage.TYPE_INT_RGB);
            image.setRGB(i, i, 0xff8040);
            ImageIO.write(image, "jpg", dir.resolve("img" + i + ".jpg").toFile());
        }
        CliRun run =
                CliRun.of("bench", "pipeline", "--images", dir.toString(), "--size", "32", "--rounds", "2", "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode result = new ObjectMapper().readTree(run.out().strip());
        assertThat(result.get("images").asInt()).isEqualTo(3);
        assertThat(result.get("images_per_second")).hasSize(2);
        assertThat(result.get("median").asDouble()).isPositive();
    }

    @Test
    void aDirectoryWithoutImagesIsOneClearLine(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("notes.txt"), "no images here");
        CliRun run = CliRun.of("bench", "pipeline", "--images", dir.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().strip()).isEqualTo("dsml: " + dir + ": no .jpg, .jpeg or .png files");
    }
}
