package io.dsml.backbones.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import io.dsml.backbones.Nets;
import io.dsml.backbones.resnet.ResNet;
import io.dsml.core.error.DsmlException;
import io.dsml.core.spi.ImageShape;
import io.dsml.evaluation.Npy;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mapping a state_dict onto a backbone by name, on a small ResNet-18 and {@code .npz} files
 * written here: what is accepted (DataParallel prefix, counters and heads dropped, (1, C) vectors)
 * and the one-line refusals, which leave the network untouched.
 */
class WeightsImportTest {
    private static final ImageShape INPUT = new ImageShape(3, 16, 16);
    private static final Map<String, Object> SMALL = Map.of("stem", "cifar", "width", 8);
    private static final ResNet.Spec SPEC = new ResNet.Spec(18, ResNet.Stem.CIFAR, 8);

    @TempDir
    Path dir;

    /** Each tensor's name, shape and values: value = its index in the file + position / 1000. */
    private static Map<String, float[]> values;

    private static Map<String, int[]> shapes;

    private void expectedTensors() {
        values = new LinkedHashMap<>();
        shapes = new LinkedHashMap<>();
        Block block = Nets.create("resnet18", SMALL, INPUT);
        try (NDManager manager = NDManager.newBaseManager()) {
            Nets.infer(block, manager, 1, INPUT);
            int k = 0;
            for (Pair<Parameter, String> p : ResNet.torchvisionNames(SPEC).assign(block.getParameters())) {
                int[] shape = Arrays.stream(p.getKey().getShape().getShape())
                        .mapToInt(d -> (int) d)
                        .toArray();
                float[] v = new float[(int) p.getKey().getShape().size()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = k + 1 + i / 1000f;
                }
                values.put(p.getValue(), v);
                shapes.put(p.getValue(), shape);
                k++;
            }
        }
    }

    /** Writes the tensors as an .npz after {@code edit} changes the name -> shape map. */
    private Path npz(String name, Consumer<Map<String, int[]>> edit) throws IOException {
        expectedTensors();
        Map<String, int[]> edited = new LinkedHashMap<>(shapes);
        edit.accept(edited);
        return write(name, edited, values);
    }

    /** An .npz of the given shapes; values from {@code data} by name where it fits, else zeros. */
    private Path write(String name, Map<String, int[]> layout, Map<String, float[]> data) throws IOException {
        Path file = dir.resolve(name + ".npz");
        Path npy = dir.resolve("tmp.npy");
        try (OutputStream os = Files.newOutputStream(file);
                ZipOutputStream zip = new ZipOutputStream(os)) {
            for (Map.Entry<String, int[]> e : layout.entrySet()) {
                int size = Arrays.stream(e.getValue()).reduce(1, (a, b) -> a * b);
                float[] v = data.getOrDefault(e.getKey(), new float[size]);
                Npy.writeFloat(npy, v.length == size ? v : new float[size], e.getValue());
                zip.putNextEntry(new ZipEntry(e.getKey() + ".npy"));
                zip.write(Files.readAllBytes(npy));
                zip.closeEntry();
            }
        }
        return file;
    }

    private static List<float[]> loaded(Path file) {
        Block block = Nets.create("resnet18", Map.of("stem", "cifar", "width", 8, "weights", file.toString()), INPUT);
        try (NDManager manager = NDManager.newBaseManager()) {
            Nets.infer(block, manager, 1, INPUT);
            return Nets.snapshot(block.getParameters().values());
        }
    }

    @Test
    void everyParameterGetsTheTensorOfItsName() throws IOException {
        List<float[]> loaded = loaded(npz("plain", m -> {}));
        assertThat(loaded).hasSize(values.size());
        int i = 0;
        for (float[] v : values.values()) {
            assertThat(loaded.get(i++)).containsExactly(v);
        }
    }

    @Test
    void dataParallelPrefixCountersHeadsAndRowVectorsAreAccepted() throws IOException {
        expectedTensors();
        Map<String, int[]> layout = new LinkedHashMap<>();
        Map<String, float[]> data = new LinkedHashMap<>();
        shapes.forEach((k, s) -> {
            layout.put("module." + k, k.startsWith("bn1.") ? new int[] {1, s[0]} : s);
            data.put("module." + k, values.get(k));
        });
        layout.put("module.bn1.num_batches_tracked", new int[] {});
        layout.put("module.fc.weight", new int[] {10, 64});
        layout.put("module.fc.bias", new int[] {10});
        List<float[]> loaded = loaded(write("checkpoint", layout, data));
        assertThat(loaded.get(1)).containsExactly(values.get("bn1.weight"));
        assertThat(loaded.get(loaded.size() - 1)).containsExactly(values.get("layer4.1.bn2.running_var"));
    }

    @Test
    void aMissingTensorIsNamed() throws IOException {
        Path file = npz("missing", m -> m.remove("layer3.1.bn2.running_var"));
        assertThatThrownBy(() -> loaded(file))
                .isInstanceOf(DsmlException.class)
                .hasMessageContaining(
                        "do not fit resnet18: the file has no tensor layer3.1.bn2.running_var (expected (32))");
    }

    @Test
    void aLeftOverTensorIsNamed() throws IOException {
        Path file = npz("extra", m -> m.put("layer5.0.conv1.weight", new int[] {8, 8, 3, 3}));
        assertThatThrownBy(() -> loaded(file))
                .isInstanceOf(DsmlException.class)
                .hasMessageContaining("the file's tensor layer5.0.conv1.weight (8, 8, 3, 3) has no place in resnet18");
    }

    @Test
    void aWrongShapeIsNamedAndOnlyVectorsMayCarryUnitDimensions() throws IOException {
        Path file = npz("shape", m -> m.put("layer1.0.conv1.weight", new int[] {1, 8, 8, 3, 3}));
        assertThatThrownBy(() -> loaded(file))
                .isInstanceOf(DsmlException.class)
                .hasMessageContaining("tensor layer1.0.conv1.weight is (1, 8, 8, 3, 3), resnet18 expects (8, 8, 3, 3)");
        assertThat(WeightsImport.fits(new long[] {1, 64}, new long[] {64})).isTrue();
        assertThat(WeightsImport.fits(new long[] {64, 1}, new long[] {64})).isTrue();
        assertThat(WeightsImport.fits(new long[] {2, 32}, new long[] {64})).isFalse();
    }

    /**
     * A NaN or infinite weight is refused, naming the tensor and element: dsml's backbones would
     * not propagate it as torch does (MXNet's relu and max pooling turn NaN into a number), so
     * loading it would give finite, wrong features.
     */
    @Test
    void aNonFiniteWeightIsRefusedNamingTheTensorAndElement() throws IOException {
        expectedTensors();
        for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
            Map<String, float[]> data = new LinkedHashMap<>(values);
            float[] conv1 = data.get("conv1.weight").clone();
            conv1[10] = bad;
            data.put("conv1.weight", conv1);
            Path file = write("nonfinite", shapes, data);
            assertThatThrownBy(() -> loaded(file))
                    .isInstanceOf(DsmlException.class)
                    .hasMessageContaining(
                            "weights " + file + ": tensor conv1.weight holds " + bad + " at element 10 of (8, 3, 3, 3)")
                    .message()
                    .doesNotContain("\n");
        }
    }

    @Test
    void theTableMatchesTheNetworkParameterForParameter() {
        for (int depth : new int[] {18, 34, 50}) {
            Block block = Nets.create("resnet" + depth, Map.of("width", 8), new ImageShape(3, 32, 32));
            try (NDManager manager = NDManager.newBaseManager()) {
                Nets.infer(block, manager, 1, new ImageShape(3, 32, 32));
                List<Pair<Parameter, String>> plan = ResNet.torchvisionNames(
                                new ResNet.Spec(depth, ResNet.Stem.IMAGENET, 8))
                        .assign(block.getParameters());
                assertThat(plan).hasSize(block.getParameters().size());
                assertThat(plan.get(plan.size() - 1).getValue())
                        .isEqualTo("layer4." + (depth == 18 ? 1 : 2) + ".bn" + (depth == 50 ? 3 : 2) + ".running_var");
            }
        }
    }
}
