package io.dsml.core.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dsml.core.config.EmbeddingConfig;
import io.dsml.core.error.DsmlException;
import io.dsml.core.spi.ImageShape;
import io.dsml.core.spi.TestTimePipeline;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code model.json} is checked field by field: each damage is one line naming the field. */
class ModelDescriptionCheckTest {
    @TempDir
    Path dir;

    static ModelDescription valid() {
        return new ModelDescription(
                ModelDescription.FORMAT,
                ModelDescription.VERSION,
                "conv-2__vmf__seed1",
                new ModelDescription.Component("conv-2", "conv-2", Map.of()),
                new EmbeddingConfig(16, true, false, null),
                new ModelDescription.Component("vmf", "vMF", Map.of()),
                10,
                true,
                new TestTimePipeline(new ImageShape(1, 28, 28), 0, new float[] {0.5f}, new float[] {0.25f}),
                new ModelDescription.Dataset("fashion-mnist-quickstart", "classification", Map.of(), null),
                32,
                1,
                ModelExport.PARAMETERS,
                2,
                java.util.stream.IntStream.range(0, 10)
                        .mapToObj(c -> "name " + c)
                        .toList(),
                "MXNet 1.9.0");
    }

    private Path modelDir(Consumer<ObjectNode> edit) throws Exception {
        ObjectNode tree = (ObjectNode) ModelExport.JSON.valueToTree(valid());
        edit.accept(tree);
        Path model = Files.createDirectories(dir.resolve("model"));
        Files.writeString(model.resolve(ModelExport.DESCRIPTION), ModelExport.JSON.writeValueAsString(tree));
        return model;
    }

    private void refused(Consumer<ObjectNode> edit, String message) throws Exception {
        Path model = modelDir(edit);
        assertThatThrownBy(() -> ModelExport.read(model))
                .isInstanceOf(DsmlException.class)
                .hasMessage(model.resolve(ModelExport.DESCRIPTION) + ": " + message)
                .hasMessageNotContaining("null")
                .hasMessageNotContaining("io.dsml")
                .hasMessageNotContaining("java.");
    }

    @Test
    void aValidDescriptionReadsBack() throws Exception {
        assertThat(ModelExport.read(modelDir(t -> {}))).isEqualTo(valid());
    }

    @Test
    void eachOutOfRangeFieldIsOneLineNamingIt() throws Exception {
        refused(
                t -> pipeline(t).putArray("std").add(0.0),
                "pipeline.std[0]: must be a positive finite number " + "(images are divided by it), got 0.0");
        refused(
                t -> pipeline(t).putArray("mean").add(Double.NaN),
                "pipeline.mean[0]: must be a finite number, got NaN");
        refused(
                t -> ((ObjectNode) pipeline(t).get("shape"))
                        .put("height", 100000)
                        .put("width", 100000),
                "pipeline.shape.height: must be between 1 and 8192, got 100000");
        refused(t -> t.put("inference_batch", 0), "inference_batch: must be between 1 and 65536, got 0");
        refused(t -> t.remove("inference_batch"), "inference_batch: must be between 1 and 65536, got 0");
        refused(t -> t.put("classes", -3), "classes: must be between 1 and 10000000, got -3");
        refused(
                t -> ((ObjectNode) t.get("embedding")).put("dim", 0),
                "embedding.dim: must be between 1 and 65536, got 0");
        refused(t -> t.remove("backbone"), "backbone: missing");
        refused(t -> ((ObjectNode) t.get("loss")).remove("name"), "loss.name: missing");
        refused(
                t -> t.put("parameters", "../../etc/passwd"),
                "parameters: must be a file name inside the model directory, e.g. parameters.bin");
        refused(t -> t.put("epoch", 0), "epoch: must be between 1 and 2147483647, got 0");
        refused(t -> t.putArray("class_names").add("a"), "class_names: 1 names for 10 classes");
    }

    @Test
    void valuesOfTheWrongTypeNameTheFieldInWords() throws Exception {
        refused(
                t -> t.put("inference_batch", "many"),
                "invalid value at 'inference_batch': expected an integer, got 'many'");
        refused(
                t -> pipeline(t).putArray("std").add(1.0).add(1.0),
                "invalid value at 'pipeline': need one mean and " + "std per channel");
    }

    @Test
    void version1DescriptionsWithoutAnEpochStillRead() throws Exception {
        Path model = modelDir(t -> {
            t.put("version", 1);
            t.remove("epoch");
            t.remove("class_names");
        });
        assertThat(ModelExport.read(model).epoch()).isNull();
        assertThat(ModelExport.read(model).classNames()).isNull();
    }

    private static ObjectNode pipeline(JsonNode tree) {
        return (ObjectNode) tree.get("pipeline");
    }
}
