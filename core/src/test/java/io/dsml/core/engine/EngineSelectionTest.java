package io.dsml.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import io.dsml.core.error.DsmlException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine's precedence (command line, experiment, DSML_ENGINE, default) and what DJL then uses. */
class EngineSelectionTest {
    @AfterEach
    void restore() {
        System.clearProperty(EngineSelection.LIBTORCH_FLAVOR);
        EngineSelection.startCommand(System.getenv());
    }

    @Test
    void theEnvironmentThenTheExperimentThenTheCommandLineDecide() {
        assertThat(EngineSelection.startCommand(Map.of(EngineSelection.ENVIRONMENT, "pytorch")))
                .isEqualTo(DsmlEngine.PYTORCH);
        assertThat(Engine.getDefaultEngineName()).isEqualTo("PyTorch");
        assertThat(EngineSelection.forExperiment("mxnet", "x.yaml")).isEqualTo(DsmlEngine.MXNET);
        assertThat(Engine.getInstance().getEngineName()).isEqualTo("MXNet");

        EngineSelection.startCommand(Map.of(EngineSelection.ENVIRONMENT, "mxnet"));
        EngineSelection.fromCommandLine("PyTorch");
        assertThat(EngineSelection.forExperiment("mxnet", "x.yaml")).isEqualTo(DsmlEngine.PYTORCH);
        assertThat(EngineSelection.forExperiment(null, "x.yaml")).isEqualTo(DsmlEngine.PYTORCH);
        assertThat(Engine.getInstance().getEngineName()).isEqualTo("PyTorch");

        // the next command in the same JVM starts from the environment again
        assertThat(EngineSelection.startCommand(Map.of(EngineSelection.ENVIRONMENT, "mxnet")))
                .isEqualTo(DsmlEngine.MXNET);
        assertThat(EngineSelection.forExperiment(null, "x.yaml")).isEqualTo(DsmlEngine.MXNET);
    }

    @Test
    void anUnknownEngineIsOneLineNamingWhereItCameFrom() {
        assertThatThrownBy(() -> EngineSelection.startCommand(Map.of(EngineSelection.ENVIRONMENT, "tensorflow")))
                .isInstanceOf(DsmlException.class)
                .hasMessage("DSML_ENGINE: unknown engine 'tensorflow' (one of: mxnet, pytorch)");
        EngineSelection.startCommand(Map.of());
        assertThatThrownBy(() -> EngineSelection.forExperiment("onnx", "my.yaml"))
                .isInstanceOf(DsmlException.class)
                .hasMessage("my.yaml: engine: unknown engine 'onnx' (one of: mxnet, pytorch)");
    }

    @Test
    void anExternalLibtorchsFlavorComesFromItsFiles(@TempDir Path dir) throws Exception {
        Path cpu = Files.createDirectories(dir.resolve("cpu"));
        Files.createFile(cpu.resolve("libtorch_cpu.so"));
        Path cuda = Files.createDirectories(dir.resolve("cuda"));
        Files.createFile(cuda.resolve("libtorch_cpu.so"));
        Files.createFile(cuda.resolve("libtorch_cuda.so"));

        EngineSelection.inferLibtorchFlavor(Map.of(EngineSelection.LIBTORCH_PATH, cpu.toString()));
        assertThat(System.getProperty(EngineSelection.LIBTORCH_FLAVOR)).isEqualTo("cpu");
        EngineSelection.inferLibtorchFlavor(Map.of(EngineSelection.LIBTORCH_PATH, cuda.toString()));
        assertThat(System.getProperty(EngineSelection.LIBTORCH_FLAVOR)).isEqualTo("cu128");

        System.clearProperty(EngineSelection.LIBTORCH_FLAVOR);
        EngineSelection.inferLibtorchFlavor(
                Map.of(EngineSelection.LIBTORCH_PATH, cuda.toString(), EngineSelection.LIBTORCH_FLAVOR, "cu126"));
        assertThat(System.getProperty(EngineSelection.LIBTORCH_FLAVOR))
                .as("the user's own choice is left to DJL")
                .isNull();
    }
}
