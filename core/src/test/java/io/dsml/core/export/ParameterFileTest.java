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
                .hasMessage(model.resolve("model.json") + ": model format version 7, this dsml reads 1");
        assertThatThrownBy(() -> ModelExport.read(dir))
                .isInstanceOf(DsmlException.class)
                .hasMessageStartingWith(dir.resolve("model.json") + ": no saved model");
    }
}
