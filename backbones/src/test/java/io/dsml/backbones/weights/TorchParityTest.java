package io.dsml.backbones.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import io.dsml.backbones.Nets;
import io.dsml.core.spi.ImageShape;
import io.dsml.evaluation.Npy;
import io.dsml.evaluation.NpyArray;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * dsml's backbones on torchvision's and pretrainedmodels' weights give torch's features. At test
 * time, Python ({@code src/test/resources/parity/make_parity_fixtures.py}, Debian's
 * python3-torchvision) saves random-initialised torchvision resnet18, resnet50 and GoogLeNet
 * state_dicts and a BN-Inception with pretrainedmodels' layer names (legacy format, (1, C)
 * BatchNorm tensors) in the file formats users download, a fixed input, and torch's eval-mode
 * pooled features; dsml loads each file through {@code weights} and must agree to a relative
 * difference of 1e-4 (max |dsml - torch| / max |torch|). Skipped, with a message saying why, when
 * no Python with torch and torchvision is found.
 */
class TorchParityTest {
    private static final double TOLERANCE = 1e-4;

    @TempDir
    static Path dir;

    private static String python;

    @BeforeAll
    static void writeFixtures() throws IOException, InterruptedException, URISyntaxException {
        python = PythonTorch.find();
        if (python == null) {
            return; // every test then reports itself skipped, with the reason
        }
        Path script = Path.of(TorchParityTest.class
                .getResource("/parity/make_parity_fixtures.py")
                .toURI());
        PythonTorch.run(python, List.of(script.toString(), dir.toString()), 600);
    }

    @BeforeEach
    void needsPython() {
        assumeTrue(python != null, PythonTorch.SKIP_MESSAGE);
    }

    @ParameterizedTest(name = "{0} from {1}")
    @CsvSource({
        "resnet18, resnet18.pth, resnet18, ''",
        "resnet18, resnet18-checkpoint.pth, resnet18, ''",
        "resnet18, resnet18.npz, resnet18, ''",
        "resnet18, resnet18.safetensors, resnet18, ''",
        "resnet50, resnet50.pth, resnet50, ''",
        "googlenet-torchvision, googlenet.pth, googlenet, ''",
        "bn-inception, bn-inception.pth, bn-inception, caffe-bgr",
    })
    void featuresEqualTorchs(String arch, String file, String fixture, String inputTransform) throws IOException {
        float[] expected = Npy.read(dir.resolve(fixture + "-features.npy")).asFloats();
        float[] actual = features(arch, dir.resolve(file), fixture, inputTransform);
        assertThat(actual).hasSameSizeAs(expected);
        double difference = relativeDifference(actual, expected);
        System.out.printf("parity %s from %s: max relative difference %.2e%n", arch, file, difference);
        assertThat(difference).isLessThanOrEqualTo(TOLERANCE);
    }

    /** Negative control: two same-shape tensors exchanged in the file load fine and change the features. */
    @Test
    void swappedTensorsFailTheComparison() throws IOException {
        float[] expected = Npy.read(dir.resolve("resnet18-features.npy")).asFloats();
        float[] actual = features("resnet18", dir.resolve("resnet18-swapped.pth"), "resnet18", "");
        double difference = relativeDifference(actual, expected);
        System.out.printf("parity negative control (two tensors swapped): max relative difference %.2e%n", difference);
        assertThat(difference).isGreaterThan(100 * TOLERANCE);
    }

    /** Proof that {@link PickleRefusalTest}'s fixture is really malicious: Python runs it. */
    @Test
    void theRefusedPickleRunsCodeUnderPython() throws IOException, InterruptedException {
        Path marker = dir.resolve("python-ran-it");
        Path pickle = dir.resolve("evil.pkl");
        Files.write(pickle, PickleRefusalTest.osSystemPickle("touch " + marker));
        PythonTorch.run(
                python,
                List.of("-c", "import pickle,sys; pickle.load(open(sys.argv[1], 'rb'))", pickle.toString()),
                60);
        assertThat(marker).exists();
    }

    private static float[] features(String arch, Path weights, String fixture, String inputTransform)
            throws IOException {
        NpyArray input = Npy.read(dir.resolve(fixture + "-input.npy"));
        int[] s = input.shape();
        ImageShape image = new ImageShape(s[1], s[2], s[3]);
        Map<String, Object> params = new HashMap<>(Map.of("weights", weights.toString()));
        if (!inputTransform.isEmpty()) {
            params.put("input_transform", inputTransform);
        }
        Block block = Nets.create(arch, params, image);
        try (NDManager manager = NDManager.newBaseManager()) {
            block.initialize(manager, DataType.FLOAT32, image.batchShape(s[0]));
            NDArray x = manager.create(input.asFloats(), new Shape(s[0], s[1], s[2], s[3]));
            return block.forward(new ParameterStore(manager, false), new NDList(x), false)
                    .singletonOrThrow()
                    .toFloatArray();
        }
    }

    /** max |a - b| / max |b|: the error on the features' own scale. */
    static double relativeDifference(float[] actual, float[] expected) {
        double diff = 0;
        double scale = 0;
        for (int i = 0; i < expected.length; i++) {
            diff = Math.max(diff, Math.abs(actual[i] - expected[i]));
            scale = Math.max(scale, Math.abs(expected[i]));
        }
        return diff / scale;
    }

    /** Finds and runs a Python that has torch and torchvision. */
    static final class PythonTorch {
        static final String SKIP_MESSAGE = "SKIPPED: no Python with torch and torchvision ($DSML_PYTHON if set,"
                + " else /usr/bin/python3 or python3); install Debian's python3-torchvision to run the parity tests";

        private PythonTorch() {}

        /** $DSML_PYTHON if set (only it), else the system Python, else the first on the PATH; null if none works. */
        static String find() {
            String chosen = System.getenv("DSML_PYTHON");
            String[] candidates = chosen != null ? new String[] {chosen} : new String[] {"/usr/bin/python3", "python3"};
            for (String candidate : candidates) {
                if (works(candidate)) {
                    return candidate;
                }
            }
            System.err.println(TorchParityTest.class.getSimpleName() + ": " + SKIP_MESSAGE);
            return null;
        }

        private static boolean works(String python) {
            try {
                run(python, List.of("-c", "import torch, torchvision, numpy"), 120);
                return true;
            } catch (IOException | InterruptedException | AssertionError e) {
                return false;
            }
        }

        static void run(String python, List<String> args, int timeoutSeconds) throws IOException, InterruptedException {
            List<String> command = new java.util.ArrayList<>(List.of(python));
            command.addAll(args);
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] output = p.getInputStream().readAllBytes();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(python + " timed out");
            }
            if (p.exitValue() != 0) {
                throw new AssertionError(command + " failed: " + new String(output, StandardCharsets.UTF_8));
            }
        }
    }
}
