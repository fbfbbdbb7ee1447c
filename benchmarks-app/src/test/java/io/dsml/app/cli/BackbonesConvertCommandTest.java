package io.dsml.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dsml.app.Dsml;
import io.dsml.backbones.resnet.ResNet;
import io.dsml.backbones.resnet.ResNetFactory;
import io.dsml.core.params.Params;
import io.dsml.core.spi.ImageShape;
import io.dsml.evaluation.Npy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dsml backbones convert} and {@code features}, in-process, on a small ResNet-18 (width 8)
 * state_dict written here as {@code .safetensors} under torchvision's names (torch's own files are
 * covered by the backbones module's TorchParityTest).
 */
class BackbonesConvertCommandTest {
    private static final ImageShape INPUT = new ImageShape(3, 32, 32);

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream savedOut;
    private PrintStream savedErr;

    @TempDir
    Path dir;

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

    /** torchvision names and random values for resnet18 at width 8; {@code badName} gets a wrong shape. */
    private Path stateDict(String badName) throws IOException {
        ResNetFactory factory = new ResNetFactory(18);
        Block block = factory.create(Params.resolve("t", factory.params(), Map.of("width", 8)), INPUT);
        Map<String, float[]> values = new LinkedHashMap<>();
        Map<String, long[]> shapes = new LinkedHashMap<>();
        Random random = new Random(1);
        try (NDManager manager = NDManager.newBaseManager()) {
            block.initialize(manager, DataType.FLOAT32, INPUT.batchShape(1));
            List<Pair<Parameter, String>> plan = ResNet.torchvisionNames(new ResNet.Spec(18, ResNet.Stem.IMAGENET, 8))
                    .assign(block.getParameters());
            for (Pair<Parameter, String> p : plan) {
                long[] shape = p.getKey().getShape().getShape();
                boolean variance = p.getValue().endsWith("running_var");
                float[] v = new float[(int) p.getKey().getShape().size()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = variance ? 0.5f + random.nextFloat() : (float) random.nextGaussian() * 0.2f;
                }
                if (p.getValue().equals(badName)) {
                    shape = new long[] {shape[0], shape[1], 1, 1};
                    v = new float[(int) (shape[0] * shape[1])];
                }
                values.put(p.getValue(), v);
                shapes.put(p.getValue(), shape);
            }
        }
        values.put("fc.weight", new float[8 * 8 * 10]); // a classifier head: dropped on import
        shapes.put("fc.weight", new long[] {10, 64});
        return writeSafetensors(dir.resolve(badName.isEmpty() ? "r18.safetensors" : "bad.safetensors"), values, shapes);
    }

    private static Path writeSafetensors(Path file, Map<String, float[]> values, Map<String, long[]> shapes)
            throws IOException {
        Map<String, Object> header = new LinkedHashMap<>();
        long offset = 0;
        for (Map.Entry<String, float[]> e : values.entrySet()) {
            long end = offset + 4L * e.getValue().length;
            header.put(
                    e.getKey(),
                    Map.of("dtype", "F32", "shape", shapes.get(e.getKey()), "data_offsets", List.of(offset, end)));
            offset = end;
        }
        byte[] json = new ObjectMapper().writeValueAsBytes(header);
        ByteBuffer buf = ByteBuffer.allocate(8 + json.length + (int) offset).order(ByteOrder.LITTLE_ENDIAN);
        buf.putLong(json.length).put(json);
        for (float[] v : values.values()) {
            for (float x : v) {
                buf.putFloat(x);
            }
        }
        Files.write(file, buf.array());
        return file;
    }

    private Path images() {
        return images(-1, 0);
    }

    /** The test images, with element {@code at} (if not negative) set to {@code value}. */
    private Path images(int at, float value) {
        float[] x = new float[2 * INPUT.channels() * INPUT.height() * INPUT.width()];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) Math.sin(0.37 * i);
        }
        if (at >= 0) {
            x[at] = value;
        }
        Path file = dir.resolve("x.npy");
        Npy.writeFloat(file, x, 2, INPUT.channels(), INPUT.height(), INPUT.width());
        return file;
    }

    private float[] features(Path weights) throws IOException {
        Path f = dir.resolve("f-" + weights.getFileName() + ".npy");
        int code = features(weights, images(), f);
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(Npy.read(f).shape()).containsExactly(2, 64);
        return Npy.read(f).asFloats();
    }

    private static int features(Path weights, Path images, Path f) {
        return Dsml.execute(
                "backbones",
                "features",
                "--arch",
                "resnet18",
                "--set",
                "width=8",
                "--weights",
                weights.toString(),
                "--input",
                images.toString(),
                "--out",
                f.toString());
    }

    private static int convert(Path from, Path to) {
        return Dsml.execute(
                "backbones",
                "convert",
                "--arch",
                "resnet18",
                "--set",
                "width=8",
                "--from",
                from.toString(),
                "--out",
                to.toString());
    }

    private void assertOneLineError(int code, String expected) {
        assertThat(code).isEqualTo(Dsml.INPUT_ERROR);
        assertThat(err.toString(StandardCharsets.UTF_8).strip())
                .contains(expected)
                .doesNotContain("\n");
    }

    /**
     * A NaN or infinity in the weights or the input is refused with one line: torch's features
     * would be NaN, and dsml's would be finite (MXNet's relu and max pooling turn NaN into numbers).
     */
    @Test
    void nonFiniteWeightsOrPixelsAreRefusedNotHidden() throws IOException {
        Path source = stateDict("");
        Path f = dir.resolve("f.npy");
        assertOneLineError(
                features(source, images(7, Float.NaN), f), "x.npy: image 0, channel 0, row 0, column 7 is NaN");
        err.reset();
        int last = 2 * INPUT.channels() * INPUT.height() * INPUT.width() - 1;
        assertOneLineError(
                features(source, images(last, Float.NEGATIVE_INFINITY), f),
                "image 1, channel 2, row 31, column 31 is -Infinity");
        err.reset();
        // the first float of the data is conv1.weight's first element
        byte[] bytes = Files.readAllBytes(source);
        int data =
                8 + (int) ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putFloat(data, Float.NaN);
        Path nan = Files.write(dir.resolve("nan.safetensors"), bytes);
        assertOneLineError(features(nan, images(), f), "tensor conv1.weight holds NaN at element 0 of (8, 3, 7, 7)");
        assertThat(f).doesNotExist();
    }

    /** The review's reproductions, as zip .pth files: one line and exit 2 each, the 2-million-digit LONG at once. */
    @Test
    void hostilePthFilesFailFeaturesWithOneLine() throws IOException {
        Map<String, String> pickles = new LinkedHashMap<>();
        pickles.put("\u0080\u0002L" + "9".repeat(2_000_000) + "L\n.", "longer than 64 characters");
        pickles.put("\u0080\u0002Iabc\n.", "INT expects an integer, got 'abc'");
        pickles.put("\u0080\u0002]q\u0000h\u0000a}h\u0000Ns.", "which Python cannot hash");
        for (Map.Entry<String, String> e : pickles.entrySet()) {
            Path file = dir.resolve("h.pth");
            try (var zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(file))) {
                zip.putNextEntry(new java.util.zip.ZipEntry("archive/data.pkl"));
                zip.write(e.getKey().getBytes(StandardCharsets.ISO_8859_1));
            }
            err.reset();
            assertOneLineError(features(file, images(), dir.resolve("f.npy")), file + ": malformed pickle");
            assertThat(err.toString(StandardCharsets.UTF_8)).contains(e.getValue());
        }
    }

    /** The source is never overwritten, whatever path names it. */
    @Test
    void convertRefusesAnOutThatIsTheSourceFile() throws IOException {
        Path source = stateDict("");
        byte[] before = Files.readAllBytes(source);
        Path link = Files.createSymbolicLink(dir.resolve("link.safetensors"), source);
        Path dotted = dir.resolve("sub").resolve("..").resolve(source.getFileName());
        Files.createDirectories(dir.resolve("sub"));
        for (Path out : new Path[] {source, link, dotted}) {
            err.reset();
            int code = convert(source, out);
            assertOneLineError(code, "--out " + out + " is the --from file " + source);
        }
        assertThat(Files.readAllBytes(source)).isEqualTo(before);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    @Test
    void convertedFileGivesTheSameFeaturesAsTheSourceFile() throws IOException {
        Path source = stateDict("");
        Path converted = dir.resolve("r18.params");
        assertThat(convert(source, converted)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("mapped by name");
        float[] direct = features(source);
        assertThat(features(converted)).containsExactly(direct);
        assertThat(direct).isNotEqualTo(new float[direct.length]);
    }

    @Test
    void aFileThatDoesNotFitExitsWithTwoNamingTheTensorAndWritesNothing() throws IOException {
        Path source = stateDict("layer2.0.conv2.weight");
        Path converted = dir.resolve("bad.params");
        int code = convert(source, converted);
        assertThat(code).isEqualTo(Dsml.INPUT_ERROR);
        assertThat(err.toString(StandardCharsets.UTF_8).strip())
                .contains(
                        "do not fit resnet18: tensor layer2.0.conv2.weight is (16, 16, 1, 1), resnet18 expects (16, 16, 3, 3)")
                .doesNotContain("\n");
        assertThat(converted).doesNotExist();
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }
}
