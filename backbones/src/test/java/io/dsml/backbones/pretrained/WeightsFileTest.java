package io.dsml.backbones.pretrained;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import io.dsml.backbones.Nets;
import io.dsml.core.error.DsmlException;
import io.dsml.core.model.ScopedForward;
import io.dsml.core.spi.ImageShape;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Saving a backbone's parameters and loading them back; files of other architectures. */
class WeightsFileTest {
    private static final ImageShape INPUT = new ImageShape(3, 8, 8);
    private static final Map<String, Object> SMALL = Map.of("stem", "cifar", "width", 8);

    @TempDir
    static Path dir;

    private static Path saved;
    private static float[] savedOutput;

    /** A small ResNet-18, initialised, its output on the test batch and its parameters on disk. */
    @BeforeAll
    static void saveOne() throws IOException {
        saved = dir.resolve("resnet18-small.params");
        try (NDManager manager = NDManager.newBaseManager()) {
            Block block = Nets.create("resnet18", SMALL, INPUT);
            savedOutput = Nets.infer(block, manager, 2, INPUT);
            try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(saved))) {
                block.saveParameters(out);
            }
            Path modelDir = Files.createDirectories(dir.resolve("zoo"));
            try (Model model = Model.newInstance("resnet18", manager.getDevice())) {
                model.setBlock(block);
                model.save(modelDir, "resnet18");
            }
        }
    }

    private static float[] outputWith(String weights, Map<String, Object> params) {
        Map<String, Object> all = new java.util.HashMap<>(params);
        all.put("weights", weights);
        try (NDManager manager = NDManager.newBaseManager()) {
            return Nets.infer(Nets.create("resnet18", all, INPUT), manager, 2, INPUT);
        }
    }

    @Test
    void loadingSavedParametersReproducesTheOutputExactly() {
        float[] loaded = outputWith(saved.toString(), SMALL);
        assertThat(loaded).containsExactly(savedOutput);
    }

    /** An input transform has no parameters and saves nothing: the same file loads with or without it. */
    @Test
    void anInputTransformLeavesTheFileLayoutAlone() {
        Map<String, Object> caffe = new java.util.HashMap<>(SMALL);
        caffe.put("input_transform", "caffe-bgr");
        float[] transformed = outputWith(saved.toString(), caffe);
        assertThat(transformed).hasSameSizeAs(savedOutput).isNotEqualTo(savedOutput);
    }

    /**
     * A backbone with weights runs layer by layer like one without (ScopedForward descends through
     * the wrapper): after an inference pass its sub-managers hold nothing, and the pass's manager
     * holds the input and the output only (66 more, the small ResNet-18's intermediates, before the fix).
     */
    @Test
    void aBackboneWithWeightsKeepsNoneOfItsIntermediates() {
        Map<String, Object> params = new java.util.HashMap<>(SMALL);
        params.put("weights", saved.toString());
        Block block = Nets.create("resnet18", params, INPUT);
        assertThat(block).isInstanceOf(PretrainedBlock.class);
        try (NDManager manager = NDManager.newBaseManager()) {
            block.initialize(manager, DataType.FLOAT32, INPUT.batchShape(2));
            ParameterStore store = new ParameterStore(manager, false);
            try (NDManager pass = manager.newSubManager()) {
                NDArray x = Nets.input(pass, 2, INPUT);
                int inputs = pass.getManagedArrays().size(); // x and the arrays it was made from
                NDList out = ScopedForward.forward(block, store, new NDList(x), false);
                assertThat(pass.getManagedArrays()).hasSize(inputs + 1);
                assertThat(out.head().toFloatArray()).containsExactly(savedOutput);
            }
        }
    }

    @Test
    void loadsTheLatestEpochOfAModelDirectory() {
        assertThat(dir.resolve("zoo/resnet18-0000.params")).exists();
        assertThat(outputWith(dir.resolve("zoo").toString(), SMALL)).containsExactly(savedOutput);
    }

    @Test
    void scanListsEveryParameterInOrder() {
        List<WeightsFile.Entry> entries = WeightsFile.scan(saved);
        Block block = Nets.create("resnet18", SMALL, INPUT);
        try (NDManager manager = NDManager.newBaseManager()) {
            Nets.infer(block, manager, 1, INPUT);
            List<String> expected = block.getParameters().values().stream()
                    .map(p -> p.getName() + " " + p.getShape())
                    .toList();
            assertThat(entries.stream().map(e -> e.name() + " " + e.shape()).toList())
                    .isEqualTo(expected);
        }
    }

    @Test
    void loadedTrainableParametersStillLearn() {
        Map<String, Object> params = new java.util.HashMap<>(SMALL);
        params.put("weights", saved.toString());
        AtomicReference<float[]> before = new AtomicReference<>();
        AtomicReference<float[]> after = new AtomicReference<>();
        Nets.trainOneStep(
                Nets.create("resnet18", params, INPUT),
                INPUT,
                b -> before.set(b.getParameters().valueAt(0).getArray().toFloatArray()),
                b -> after.set(b.getParameters().valueAt(0).getArray().toFloatArray()));
        assertThat(before.get()).isNotEqualTo(after.get());
    }

    @Test
    void anotherStemIsRejectedAtTheFirstParameter() {
        assertThatThrownBy(() -> outputWith(saved.toString(), Map.of("width", 8)))
                .isInstanceOf(DsmlException.class)
                .hasMessageContaining("do not match resnet18")
                .hasMessageContaining("parameter #1")
                .hasMessageContaining("weight (8, 3, 7, 7)")
                .hasMessageContaining("the file has weight (8, 3, 3, 3)");
    }

    @Test
    void anotherDepthIsRejectedWhereTheLayersDiverge() {
        Map<String, Object> params = new java.util.HashMap<>(SMALL);
        params.put("weights", saved.toString());
        assertThatThrownBy(() -> {
                    try (NDManager manager = NDManager.newBaseManager()) {
                        Nets.infer(Nets.create("resnet34", params, INPUT), manager, 1, INPUT);
                    }
                })
                .isInstanceOf(DsmlException.class)
                .hasMessageContaining("do not match resnet34")
                .hasMessageContaining("expects weight (8, 8, 3, 3), the file has weight (16, 8, 3, 3)");
    }

    @Test
    void aTruncatedFileNamesTheFirstMissingParameter() throws IOException {
        byte[] bytes = Files.readAllBytes(saved);
        Path cut = dir.resolve("cut.params");
        try (OutputStream out = Files.newOutputStream(cut)) {
            out.write(Arrays.copyOf(bytes, bytes.length / 2));
        }
        assertThatThrownBy(() -> outputWith(cut.toString(), SMALL))
                .isInstanceOf(DsmlException.class)
                .hasMessageContaining("the file ends after")
                .hasMessageContaining("first missing");
    }

    @Test
    void missingAndEmptyLocationsAreInputErrors() throws IOException {
        assertThatThrownBy(() -> Nets.create(
                        "resnet18", Map.of("weights", dir.resolve("nope").toString()), INPUT))
                .isInstanceOf(DsmlException.class)
                .hasMessageContaining("no such file or directory");
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertThatThrownBy(() -> Nets.create("resnet18", Map.of("weights", empty.toString()), INPUT))
                .isInstanceOf(DsmlException.class)
                .hasMessageContaining("no .params file");
    }

    /** A NaN would be hidden by the network (MXNet's relu maps it to 0): refused, naming the parameter. */
    @Test
    void aNonFiniteParameterIsRefused() throws IOException {
        Path nan = dir.resolve("nan.params");
        try (NDManager manager = NDManager.newBaseManager()) {
            Block block = Nets.create("resnet18", SMALL, INPUT);
            Nets.infer(block, manager, 1, INPUT);
            Pair<String, Parameter> first = block.getParameters().get(0);
            // add NaN at element 3 in place (MXNet cannot overwrite an MKL-DNN array's buffer)
            float[] delta = new float[(int) first.getValue().getArray().size()];
            delta[3] = Float.NaN;
            first.getValue()
                    .getArray()
                    .addi(manager.create(delta, first.getValue().getShape()));
            try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(nan))) {
                block.saveParameters(out);
            }
            assertThatThrownBy(() -> outputWith(nan.toString(), SMALL))
                    .isInstanceOf(DsmlException.class)
                    .hasMessageContaining("weights " + nan + ": parameter " + first.getKey() + " holds NaN");
        }
    }

    @Test
    void aFileWithoutParametersIsRejected() throws IOException {
        Path text = dir.resolve("notes.params");
        Files.writeString(text, "not a DJL file");
        assertThatThrownBy(() -> outputWith(text.toString(), SMALL))
                .isInstanceOf(DsmlException.class)
                .hasMessageContaining("the file ends after 0 of");
    }
}
