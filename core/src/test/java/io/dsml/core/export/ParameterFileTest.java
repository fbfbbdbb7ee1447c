package io.dsml.core.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.initializer.NormalInitializer;
import io.dsml.core.error.DsmlException;
import java.io.DataOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParameterFileTest {
    @TempDir
    Path dir;

    private static Block net(int hidden) {
        SequentialBlock block = new SequentialBlock()
                .add(Linear.builder().setUnits(hidden).build())
                .add(Linear.builder().setUnits(2).build());
        block.setInitializer(new NormalInitializer(1f), ai.djl.nn.Parameter.Type.WEIGHT);
        return block;
    }

    @Test
    void valuesRoundTripIntoAFreshlyBuiltBlock() throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            Block saved = net(3);
            saved.initialize(manager, DataType.FLOAT32, new Shape(1, 4));
            Path file = dir.resolve("p.bin");
            ParameterFile.write(file, saved);
            Block loaded = net(3);
            loaded.setInitializer(ai.djl.training.initializer.Initializer.ZEROS, ai.djl.nn.Parameter.Type.WEIGHT);
            loaded.initialize(manager, DataType.FLOAT32, new Shape(1, 4));
            ParameterFile.read(file, loaded, manager);
            for (int i = 0; i < saved.getParameters().size(); i++) {
                assertThat(loaded.getParameters().get(i).getValue().getArray().toFloatArray())
                        .containsExactly(saved.getParameters()
                                .get(i)
                                .getValue()
                                .getArray()
                                .toFloatArray());
            }
        }
    }

    @Test
    void aFileOfAnotherModelOrFormatIsOneClearError() throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            Block small = net(3);
            small.initialize(manager, DataType.FLOAT32, new Shape(1, 4));
            Path file = dir.resolve("p.bin");
            ParameterFile.write(file, small);
            Block wider = net(5);
            wider.initialize(manager, DataType.FLOAT32, new Shape(1, 4));
            assertThatThrownBy(() -> ParameterFile.read(file, wider, manager))
                    .isInstanceOf(DsmlException.class)
                    .hasMessageStartingWith(file + ": parameter ")
                    .hasMessageContaining("has shape (3, 4), the model needs (5, 4)");

            Path junk = dir.resolve("junk.bin");
            try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(junk))) {
                out.writeUTF("something else");
            }
            assertThatThrownBy(() -> ParameterFile.read(junk, small, manager))
                    .isInstanceOf(DsmlException.class)
                    .hasMessage(junk + ": not a dsml parameter file");
        }
    }

    @Test
    void modelDescriptionsOfAnotherVersionAreRefused() throws Exception {
        Path model = Files.createDirectories(dir.resolve("model"));
        Files.writeString(model.resolve("model.json"), "{\"format\": \"dsml-model\", \"version\": 7}");
        assertThatThrownBy(() -> ModelExport.read(model))
                .isInstanceOf(DsmlException.class)
                .hasMessage(model.resolve("model.json") + ": model format version 7, this dsml reads versions 1 to 2");
        assertThatThrownBy(() -> ModelExport.read(dir))
                .isInstanceOf(DsmlException.class)
                .hasMessageStartingWith(dir.resolve("model.json") + ": no saved model");
    }

    private Path written(Block block) {
        Path file = dir.resolve("p.bin");
        ParameterFile.write(file, block);
        return file;
    }

    private static Block initialised(NDManager manager, int hidden) {
        Block block = net(hidden);
        block.initialize(manager, DataType.FLOAT32, new Shape(1, 4));
        return block;
    }

    @Test
    void oneChangedByteAnywhereIsRefusedBeforeAnyValueIsUsed() throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            Block saved = initialised(manager, 3);
            Path file = written(saved);
            byte[] original = Files.readAllBytes(file);
            for (int offset : new int[] {original.length / 2, original.length - 60, original.length - 1}) {
                byte[] bytes = original.clone();
                bytes[offset] ^= 0x01;
                Files.write(file, bytes);
                Block loaded = initialised(manager, 3);
                assertThatThrownBy(() -> ParameterFile.read(file, loaded, manager))
                        .as("byte %d", offset)
                        .isInstanceOf(DsmlException.class)
                        .hasMessageStartingWith(file + ": the model parameter file is damaged (")
                        .hasMessageNotContaining("null");
            }
            Files.write(file, java.util.Arrays.copyOf(original, original.length - 10));
            assertThatThrownBy(() -> ParameterFile.read(file, initialised(manager, 3), manager))
                    .isInstanceOf(DsmlException.class)
                    .hasMessageContaining("damaged");
        }
    }

    @Test
    void version1FilesWithoutAChecksumStillLoad() throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            Block saved = initialised(manager, 3);
            Path file = dir.resolve("v1.bin");
            try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(file))) {
                out.writeUTF("dsml-parameters");
                out.writeInt(1);
                out.writeInt(saved.getParameters().size());
                for (var p : saved.getParameters()) {
                    out.writeUTF(p.getKey());
                    byte[] bytes = p.getValue().getArray().encode();
                    out.writeInt(bytes.length);
                    out.write(bytes);
                }
            }
            Block loaded = initialised(manager, 3);
            ParameterFile.read(file, loaded, manager);
            assertThat(loaded.getParameters().get(0).getValue().getArray().toFloatArray())
                    .containsExactly(
                            saved.getParameters().get(0).getValue().getArray().toFloatArray());
        }
    }

    @Test
    void aNonFiniteWeightIsRefusedNamingTheParameter() {
        for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY}) {
            try (NDManager manager = NDManager.newBaseManager()) {
                Block saved = initialised(manager, 3);
                var first = saved.getParameters().get(0);
                float[] values = first.getValue().getArray().toFloatArray();
                values[2] = bad;
                first.getValue().getArray().set(values);
                Path file = written(saved);
                assertThatThrownBy(() -> ParameterFile.read(file, initialised(manager, 3), manager))
                        .isInstanceOf(DsmlException.class)
                        .hasMessage(file + ": parameter " + first.getKey() + " holds " + bad
                                + " at element 2 (a model's values must be finite)");
            }
        }
    }
}
