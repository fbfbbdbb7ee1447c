package io.dsml.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import io.dsml.app.Dsml;
import io.dsml.backbones.resnet.ResNetFactory;
import io.dsml.core.params.Params;
import io.dsml.core.spi.ImageShape;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dsml backbones list}, run in-process: output, and exit 2 with one line on bad input. */
class BackbonesCommandTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream savedOut;
    private PrintStream savedErr;

    @BeforeEach
    void capture() {
        savedOut = System.out;
        savedErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(savedOut);
        System.setErr(savedErr);
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void listsEveryBackboneAndSaysWhichDoNotFit() {
        assertThat(Dsml.execute("backbones", "list", "--input", "3x48x48")).isZero();
        assertThat(stdout())
                .contains("resnet18", "resnet34", "resnet50", "googlenet", "conv-4")
                .containsPattern("resnet18 +11,176,512 ")
                .containsPattern("googlenet +5,973,552 ")
                .containsPattern(
                        "bn-inception +- +- +- +does not fit: bn-inception: input 3x48x48 .*smallest square input that fits is 3x63x63");
    }

    @Test
    void namedBackbonesTakeHyperparameters() {
        assertThat(Dsml.execute(
                        "backbones",
                        "list",
                        "resnet18",
                        "--input",
                        "3x32x32",
                        "-p",
                        "stem=cifar",
                        "-p",
                        "freeze_stages=5"))
                .isZero();
        assertThat(stdout()).containsPattern("resnet18 +11,168,832 +1\\.1\\d\\d +512 .*\\(11,168,832 frozen\\)");
    }

    @Test
    void unknownBackboneExitsWithTwo() {
        assertThat(Dsml.execute("backbones", "list", "resnet101")).isEqualTo(Dsml.INPUT_ERROR);
        assertThat(stderr().strip())
                .startsWith("dsml: backbone: unknown backbone 'resnet101'")
                .doesNotContain("\n");
    }

    @Test
    void inputTooSmallExitsWithTwo() {
        assertThat(Dsml.execute("backbones", "list", "googlenet", "--input", "3x32x32"))
                .isEqualTo(Dsml.INPUT_ERROR);
        assertThat(stderr()).contains("too small").contains("3x47x47");
    }

    @Test
    void malformedInputExitsWithTwo() {
        assertThat(Dsml.execute("backbones", "list", "--input", "224x224")).isEqualTo(Dsml.INPUT_ERROR);
        assertThat(stderr()).contains("--input: expected CxHxW");
    }

    @Test
    void mismatchingWeightsExitWithTwoNamingTheParameter(@TempDir Path dir) throws IOException {
        ImageShape input = new ImageShape(3, 8, 8);
        ResNetFactory factory = new ResNetFactory(18);
        Block cifar = factory.create(Params.resolve("t", factory.params(), Map.of("stem", "cifar", "width", 8)), input);
        Path file = dir.resolve("cifar.params");
        try (NDManager manager = NDManager.newBaseManager();
                DataOutputStream os = new DataOutputStream(Files.newOutputStream(file))) {
            cifar.initialize(manager, DataType.FLOAT32, input.batchShape(1));
            cifar.saveParameters(os);
        }
        int code = Dsml.execute(
                "backbones", "list", "resnet18", "--input", "3x8x8", "-p", "width=8", "-p", "weights=" + file);
        assertThat(code).isEqualTo(Dsml.INPUT_ERROR);
        assertThat(stderr().strip())
                .contains("do not match resnet18: parameter #1 01SequentialBlock_01Conv2d_weight")
                .contains("expects weight (8, 3, 7, 7), the file has weight (8, 3, 3, 3)")
                .doesNotContain("\n");
    }
}
